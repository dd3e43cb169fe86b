package io.cairn.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.filter.BoundPredicate;
import io.cairn.catalog.filter.PartitionFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Translates a bound partition filter into a SQL boolean expression over the store's partition key
 * value rows. Literals always become bound parameters, never SQL text.
 *
 * <p>The store keeps, per partition and key position, one row with {@code string_value} (the value
 * as {@link PartitionFilter#stringValue} gives it: null for a null partition value) and {@code
 * number_value} ({@link PartitionFilter#comparableNumber}: null unless the key is a number, date or
 * timestamp and the value one), and joins one such row per {@linkplain #referencedKeys referenced
 * key}. Number, date and timestamp literals compare with {@code number_value} as {@link
 * PartitionFilter#literalNumber} gives them. SQL's three-valued logic over those columns then
 * selects exactly the partitions {@link PartitionFilter#test} selects. This holds when:
 *
 * <ul>
 *   <li>text compares by code point: SQLite's default BINARY collation does; on PostgreSQL the
 *       column must be declared {@code COLLATE "C"}, since a locale collation orders differently;
 *   <li>LIKE is case-sensitive: PostgreSQL's is; SQLite needs {@code PRAGMA case_sensitive_like =
 *       ON} on every connection;
 *   <li>on SQLite, number parameters are bound through {@link #jdbcValue} (PostgreSQL binds the
 *       {@link BigDecimal} as it is, exactly).
 * </ul>
 */
public final class PartitionFilterSql {

  private PartitionFilterSql() {}

  /** SQL expressions of the joined value columns of each partition key, by key position. */
  public interface KeyColumns {
    /** The text column of the key's row, for example {@code k0.string_value}. */
    String stringColumn(int keyIndex);

    /** The number column of the key's row, for example {@code k0.number_value}. */
    String numberColumn(int keyIndex);
  }

  /**
   * A SQL boolean expression, parenthesized wherever needed so it can be combined with {@code AND}
   * as it is, and its parameters in order: {@link String}s and {@link BigDecimal}s.
   */
  public record SqlFragment(String sql, List<Object> parameters) {
    public SqlFragment {
      requireNonNull(sql, "sql is null");
      parameters = List.copyOf(parameters);
    }
  }

  /** The SQL expression that selects the partitions {@code predicate} selects. */
  public static SqlFragment toSql(BoundPredicate predicate, KeyColumns columns) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(columns, "columns is null");
    StringBuilder sql = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    render(predicate, columns, sql, parameters);
    return new SqlFragment(sql.toString(), parameters);
  }

  /** The positions of the keys {@code predicate} refers to, in ascending order. */
  public static Set<Integer> referencedKeys(BoundPredicate predicate) {
    requireNonNull(predicate, "predicate is null");
    SortedSet<Integer> keys = new TreeSet<>();
    collectKeys(predicate, keys);
    return Collections.unmodifiableSortedSet(keys);
  }

  /**
   * The value to bind for a parameter or a {@code number_value} on SQLite: a {@link BigDecimal}
   * becomes a {@link Long} when it is a whole number that fits, otherwise a {@link Double};
   * anything else is returned as it is. SQLite has no exact decimal type and its driver would bind
   * a BigDecimal as text; numbers beyond a double's precision therefore compare approximately on
   * SQLite.
   */
  public static Object jdbcValue(Object value) {
    if (value instanceof BigDecimal number) {
      BigDecimal whole = number.stripTrailingZeros();
      // The precision check keeps longValueExact from expanding absurd exponents.
      if (whole.scale() <= 0 && whole.precision() - whole.scale() <= 19) {
        try {
          return whole.longValueExact();
        } catch (ArithmeticException outOfRange) {
          return number.doubleValue();
        }
      }
      return number.doubleValue();
    }
    return value;
  }

  private static void render(
      BoundPredicate predicate, KeyColumns columns, StringBuilder sql, List<Object> parameters) {
    if (predicate instanceof BoundPredicate.And and) {
      renderJunction(and.terms(), " AND ", "1 = 1", columns, sql, parameters);
    } else if (predicate instanceof BoundPredicate.Or or) {
      renderJunction(or.terms(), " OR ", "1 = 0", columns, sql, parameters);
    } else if (predicate instanceof BoundPredicate.Not not) {
      sql.append("NOT (");
      render(not.term(), columns, sql, parameters);
      sql.append(')');
    } else if (predicate instanceof BoundPredicate.Compare compare) {
      sql.append(column(compare.keyIndex(), compare.kind(), columns))
          .append(' ')
          .append(compare.operator().symbol())
          .append(" ?");
      parameters.add(parameter(compare.value()));
    } else if (predicate instanceof BoundPredicate.InList in) {
      sql.append(column(in.keyIndex(), in.kind(), columns)).append(" IN (");
      for (int index = 0; index < in.values().size(); index++) {
        sql.append(index == 0 ? "?" : ", ?");
        parameters.add(parameter(in.values().get(index)));
      }
      sql.append(')');
    } else if (predicate instanceof BoundPredicate.Between between) {
      sql.append(column(between.keyIndex(), between.kind(), columns)).append(" BETWEEN ? AND ?");
      parameters.add(parameter(between.low()));
      parameters.add(parameter(between.high()));
    } else if (predicate instanceof BoundPredicate.Like like) {
      // SQLite's LIKE has no escape character unless told; PostgreSQL's default is the same
      // backslash. PostgreSQL reads '\' as one backslash with standard_conforming_strings on, its
      // default since 9.1.
      sql.append(column(like.keyIndex(), BoundPredicate.ValueKind.STRING, columns))
          .append(" LIKE ? ESCAPE '\\'");
      parameters.add(like.pattern());
    } else if (predicate instanceof BoundPredicate.IsNull isNull) {
      sql.append(column(isNull.keyIndex(), BoundPredicate.ValueKind.STRING, columns))
          .append(" IS NULL");
    } else {
      throw new IllegalStateException("unknown predicate: " + predicate);
    }
  }

  private static void renderJunction(
      List<BoundPredicate> terms,
      String separator,
      String empty,
      KeyColumns columns,
      StringBuilder sql,
      List<Object> parameters) {
    sql.append('(');
    if (terms.isEmpty()) {
      sql.append(empty);
    }
    for (int index = 0; index < terms.size(); index++) {
      if (index > 0) {
        sql.append(separator);
      }
      render(terms.get(index), columns, sql, parameters);
    }
    sql.append(')');
  }

  /**
   * A literal as bound: text as it is, numbers, dates and timestamps as the number column holds
   * them.
   */
  static Object parameter(Object literal) {
    return literal instanceof String ? literal : PartitionFilter.literalNumber(literal);
  }

  private static String column(int keyIndex, BoundPredicate.ValueKind kind, KeyColumns columns) {
    String column =
        kind == BoundPredicate.ValueKind.STRING
            ? columns.stringColumn(keyIndex)
            : columns.numberColumn(keyIndex);
    return requireNonNull(column, "no column for key " + keyIndex);
  }

  private static void collectKeys(BoundPredicate predicate, Set<Integer> keys) {
    if (predicate instanceof BoundPredicate.And and) {
      and.terms().forEach(term -> collectKeys(term, keys));
    } else if (predicate instanceof BoundPredicate.Or or) {
      or.terms().forEach(term -> collectKeys(term, keys));
    } else if (predicate instanceof BoundPredicate.Not not) {
      collectKeys(not.term(), keys);
    } else if (predicate instanceof BoundPredicate.Compare compare) {
      keys.add(compare.keyIndex());
    } else if (predicate instanceof BoundPredicate.InList in) {
      keys.add(in.keyIndex());
    } else if (predicate instanceof BoundPredicate.Between between) {
      keys.add(between.keyIndex());
    } else if (predicate instanceof BoundPredicate.Like like) {
      keys.add(like.keyIndex());
    } else if (predicate instanceof BoundPredicate.IsNull isNull) {
      keys.add(isNull.keyIndex());
    } else {
      throw new IllegalStateException("unknown predicate: " + predicate);
    }
  }
}
