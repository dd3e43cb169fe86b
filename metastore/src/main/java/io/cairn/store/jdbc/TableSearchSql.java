package io.cairn.store.jdbc;

import io.cairn.catalog.TableSearch;
import io.cairn.catalog.TableSearch.Condition;
import io.cairn.catalog.TableSearch.Field;
import io.cairn.catalog.TableSearch.ParameterCondition;
import io.cairn.catalog.TableSearch.TextCondition;
import io.cairn.catalog.TableSearch.TimeCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link TableSearch} as SQL over {@code tables t JOIN databases d}: conditions on the columns
 * and, through each dialect's JSON functions, on the table's definition document. Every value is a
 * bound parameter.
 *
 * @param where conditions to append to a WHERE clause, each starting with {@code AND}
 * @param orderBy the ORDER BY list, ending with database and table name so the order is total
 */
record TableSearchSql(String where, List<Object> parameters, String orderBy) {
  /** Characters that separate the words of names and descriptions for word conditions. */
  private static final String WORD_SEPARATORS = "-_:#./";

  static TableSearchSql of(Dialect dialect, TableSearch search) {
    StringBuilder where = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    Json json = new Json(dialect);
    if (search.text() != null) {
      String text = search.text().toLowerCase(Locale.ROOT);
      boolean whole = search.textMatch() == TableSearch.TextMatch.WHOLE_VALUE;
      String match = whole ? " = ?" : " LIKE ? ESCAPE '\\'";
      Object value = whole ? text : "%" + escapeLike(text) + "%";
      where.append(" AND (lower(t.name)").append(match);
      parameters.add(value);
      where.append(" OR lower(").append(json.text("description")).append(')').append(match);
      parameters.add(value);
      for (String columns : List.of("storageDescriptor,columns", "partitionKeys")) {
        where
            .append(" OR EXISTS (SELECT 1 FROM ")
            .append(json.elements(columns, "c"))
            .append(" WHERE lower(")
            .append(json.elementText("c", "name"))
            .append(')')
            .append(match)
            .append(" OR lower(")
            .append(json.elementText("c", "comment"))
            .append(')')
            .append(match)
            .append(')');
        parameters.add(value);
        parameters.add(value);
      }
      where
          .append(" OR EXISTS (SELECT 1 FROM ")
          .append(json.entries("parameters", "p"))
          .append(" WHERE lower(p.key)")
          .append(match)
          .append(" OR lower(p.value)")
          .append(match)
          .append("))");
      parameters.add(value);
      parameters.add(value);
    }
    for (Condition condition : search.conditions()) {
      if (condition instanceof TextCondition text
          && (text.field() == Field.NAME || text.field() == Field.DESCRIPTION)) {
        where
            .append(" AND ' ' || ")
            .append(words("lower(" + fieldText(json, text.field()) + ")"))
            .append(" || ' ' LIKE ? ESCAPE '\\'");
        parameters.add("% " + escapeLike(text.value().toLowerCase(Locale.ROOT)) + " %");
      } else if (condition instanceof TextCondition text) {
        where.append(" AND lower(").append(fieldText(json, text.field())).append(") = ?");
        parameters.add(text.value().toLowerCase(Locale.ROOT));
      } else if (condition instanceof TimeCondition time) {
        where
            .append(" AND ")
            .append(json.epochMillis(timeField(time.field())))
            .append(' ')
            .append(operator(time.comparison()))
            .append(" ?");
        parameters.add(time.value().toEpochMilli());
      } else if (condition instanceof ParameterCondition parameter) {
        where.append(" AND ").append(json.parameter()).append(" = ?");
        parameters.add(parameter.key());
        parameters.add(parameter.value());
      }
    }
    String direction =
        search.sortDirection() == TableSearch.SortDirection.DESCENDING ? " DESC" : " ASC";
    String orderBy = "d.name ASC, t.name ASC";
    if (search.sortField() != null) {
      String key =
          search.sortField().isTime()
              ? "COALESCE(" + json.epochMillis(timeField(search.sortField())) + ", 0)"
              : json.sortable("COALESCE(" + fieldText(json, search.sortField()) + ", '')");
      orderBy = key + direction + ", " + orderBy;
    }
    return new TableSearchSql(where.toString(), List.copyOf(parameters), orderBy);
  }

  private static String fieldText(Json json, Field field) {
    return switch (field) {
      case DATABASE_NAME -> "d.name";
      case NAME -> "t.name";
      case DESCRIPTION -> json.text("description");
      case OWNER -> json.text("owner");
      case TABLE_TYPE -> "t.table_type";
      case CREATE_TIME, UPDATE_TIME -> throw new IllegalArgumentException(field + " is a time");
    };
  }

  private static String timeField(Field field) {
    return field == Field.CREATE_TIME ? "createTime" : "updateTime";
  }

  private static String operator(TableSearch.Comparison comparison) {
    return switch (comparison) {
      case EQUALS -> "=";
      case GREATER_THAN -> ">";
      case LESS_THAN -> "<";
      case GREATER_THAN_OR_EQUALS -> ">=";
      case LESS_THAN_OR_EQUALS -> "<=";
    };
  }

  /** The expression with every word separator turned into a space. */
  private static String words(String expression) {
    String result = "COALESCE(" + expression + ", '')";
    for (char separator : WORD_SEPARATORS.toCharArray()) {
      result = "replace(" + result + ", '" + separator + "', ' ')";
    }
    return result;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** JSON access to {@code t.definition}, the table's document, in each dialect. */
  private record Json(Dialect dialect) {
    /** A top-level text field of the table. */
    String text(String field) {
      return switch (dialect) {
        case SQLITE -> "json_extract(t.definition, '$." + field + "')";
        case POSTGRESQL -> "(t.definition::jsonb ->> '" + field + "')";
      };
    }

    /** The elements of the array at a comma-separated path, as rows of alias {@code alias}. */
    String elements(String path, String alias) {
      return switch (dialect) {
        case SQLITE -> "json_each(t.definition, '$." + path.replace(',', '.') + "') " + alias;
        case POSTGRESQL ->
            "jsonb_array_elements(COALESCE(t.definition::jsonb #> '{"
                + path
                + "}', '[]'::jsonb)) "
                + alias;
      };
    }

    String elementText(String alias, String field) {
      return switch (dialect) {
        case SQLITE -> "json_extract(" + alias + ".value, '$." + field + "')";
        case POSTGRESQL -> "(" + alias + " ->> '" + field + "')";
      };
    }

    /** The entries of a top-level object, as rows with {@code key} and {@code value}. */
    String entries(String field, String alias) {
      return switch (dialect) {
        case SQLITE -> "json_each(t.definition, '$." + field + "') " + alias;
        case POSTGRESQL ->
            "jsonb_each_text(COALESCE(t.definition::jsonb -> '"
                + field
                + "', '{}'::jsonb)) "
                + alias;
      };
    }

    /** The value of the parameter whose key is the first bound parameter after it. */
    String parameter() {
      return switch (dialect) {
        case SQLITE ->
            "(SELECT p.value FROM json_each(t.definition, '$.parameters') p WHERE p.key = ?)";
        case POSTGRESQL -> "(t.definition::jsonb -> 'parameters' ->> ?)";
      };
    }

    /** A time field (an ISO-8601 instant in the document) as milliseconds since the epoch. */
    String epochMillis(String field) {
      return switch (dialect) {
        case SQLITE ->
            "CAST(round((julianday(json_extract(t.definition, '$."
                + field
                + "')) - 2440587.5) * 86400000.0) AS INTEGER)";
        case POSTGRESQL ->
            "CAST(round(extract(epoch FROM (t.definition::jsonb ->> '"
                + field
                + "')::timestamptz) * 1000) AS BIGINT)";
      };
    }

    /** Text that sorts byte-wise in both databases, as names do. */
    String sortable(String expression) {
      return switch (dialect) {
        case SQLITE -> expression;
        case POSTGRESQL -> expression + " COLLATE \"C\"";
      };
    }
  }
}
