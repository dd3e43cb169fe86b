package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A search over the tables of a catalog (Glue's SearchTables): free text, conditions that must all
 * hold, and an order.
 *
 * @param text matched case-insensitively against table names, descriptions, the names and comments
 *     of columns and partition keys, and parameter keys and values; null for no text condition
 * @param textMatch whether {@code text} is to be contained in one of those values or be one of them
 * @param conditions all must hold
 * @param sortField the order of the results; ties, and everything when null, go by database and
 *     table name
 */
public record TableSearch(
    String text,
    TextMatch textMatch,
    List<Condition> conditions,
    Field sortField,
    SortDirection sortDirection) {
  public TableSearch {
    requireNonNull(textMatch, "textMatch is null");
    conditions = List.copyOf(requireNonNull(conditions, "conditions is null"));
    requireNonNull(sortDirection, "sortDirection is null");
  }

  public enum TextMatch {
    /** The text occurs in the value. */
    CONTAINED,
    /** The text is the whole value. */
    WHOLE_VALUE
  }

  public enum SortDirection {
    ASCENDING,
    DESCENDING
  }

  /** The fields of a table a condition or the order can name. */
  public enum Field {
    DATABASE_NAME,
    NAME,
    DESCRIPTION,
    OWNER,
    TABLE_TYPE,
    CREATE_TIME,
    UPDATE_TIME;

    public boolean isTime() {
      return this == CREATE_TIME || this == UPDATE_TIME;
    }
  }

  public enum Comparison {
    EQUALS,
    GREATER_THAN,
    LESS_THAN,
    GREATER_THAN_OR_EQUALS,
    LESS_THAN_OR_EQUALS
  }

  /** A condition on one table. */
  public sealed interface Condition permits TextCondition, TimeCondition, ParameterCondition {}

  /**
   * A text field holds {@code value} (case-insensitively): names and descriptions as one of their
   * words (split at spaces and at {@code - _ : # . /}, so {@code link} finds {@code customer-link}
   * but not {@code customerlink}), the other fields as their whole value.
   */
  public record TextCondition(Field field, String value) implements Condition {
    public TextCondition {
      requireNonNull(field, "field is null");
      requireNonNull(value, "value is null");
      if (field.isTime()) {
        throw new IllegalArgumentException(field + " is a time field");
      }
    }
  }

  /** A time field compares with {@code value}; a table without that time never matches. */
  public record TimeCondition(Field field, Comparison comparison, Instant value)
      implements Condition {
    public TimeCondition {
      requireNonNull(field, "field is null");
      requireNonNull(comparison, "comparison is null");
      requireNonNull(value, "value is null");
      if (!field.isTime()) {
        throw new IllegalArgumentException(field + " is not a time field");
      }
    }
  }

  /** The table has the parameter {@code key} with exactly {@code value}. */
  public record ParameterCondition(String key, String value) implements Condition {
    public ParameterCondition {
      requireNonNull(key, "key is null");
      requireNonNull(value, "value is null");
    }
  }
}
