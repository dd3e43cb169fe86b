package io.cairn.catalog.filter;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.filter.PartitionPredicate.Operator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A partition filter bound to a table's partition keys: keys are positions in the table's partition
 * key list and literals have the type the key compares by. Made by {@link PartitionFilter#bind};
 * evaluated in memory by {@link PartitionFilter#test} and in the database by the store, with the
 * same three-valued logic: a comparison, IN, BETWEEN or LIKE on a partition whose value of the key
 * is null (or, for a number, date or timestamp key, not one) is unknown, and so is its NOT.
 */
public sealed interface BoundPredicate {

  /**
   * How a key's values compare, and the class of its literals: {@link String}, {@link BigDecimal},
   * {@link LocalDate} or {@link LocalDateTime}.
   */
  enum ValueKind {
    STRING(String.class),
    NUMBER(BigDecimal.class),
    DATE(LocalDate.class),
    TIMESTAMP(LocalDateTime.class);

    private final Class<?> literalClass;

    ValueKind(Class<?> literalClass) {
      this.literalClass = literalClass;
    }

    void check(Object value) {
      requireNonNull(value, "value is null");
      Class<?> expected = literalClass;
      if (!expected.isInstance(value)) {
        throw new IllegalArgumentException(
            "a " + this + " literal must be a " + expected.getSimpleName() + ": " + value);
      }
    }
  }

  /** True when every term is; an empty list is true. */
  record And(List<BoundPredicate> terms) implements BoundPredicate {
    public And {
      terms = List.copyOf(terms);
    }
  }

  /** True when any term is; an empty list is false. */
  record Or(List<BoundPredicate> terms) implements BoundPredicate {
    public Or {
      terms = List.copyOf(terms);
    }
  }

  record Not(BoundPredicate term) implements BoundPredicate {
    public Not {
      requireNonNull(term, "term is null");
    }
  }

  record Compare(int keyIndex, ValueKind kind, Operator operator, Object value)
      implements BoundPredicate {
    public Compare {
      checkKeyIndex(keyIndex);
      requireNonNull(kind, "kind is null");
      requireNonNull(operator, "operator is null");
      kind.check(value);
    }
  }

  /** True when the key's value equals one of {@code values}, which is not empty. */
  record InList(int keyIndex, ValueKind kind, List<Object> values) implements BoundPredicate {
    public InList {
      checkKeyIndex(keyIndex);
      requireNonNull(kind, "kind is null");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("values is empty");
      }
      values.forEach(kind::check);
    }
  }

  /** {@code low <= value <= high}; false for every value when {@code low > high}. */
  record Between(int keyIndex, ValueKind kind, Object low, Object high) implements BoundPredicate {
    public Between {
      checkKeyIndex(keyIndex);
      requireNonNull(kind, "kind is null");
      kind.check(low);
      kind.check(high);
    }
  }

  /**
   * SQL LIKE on the key's value as text, case-sensitive: {@code %} matches any run of characters,
   * {@code _} one character, and a backslash makes the character after it literal. The pattern does
   * not end in a lone backslash.
   */
  record Like(int keyIndex, String pattern) implements BoundPredicate {
    public Like {
      checkKeyIndex(keyIndex);
      requireNonNull(pattern, "pattern is null");
    }
  }

  /**
   * True when the key's value is null; a number, date or timestamp key's value that is not one is
   * not null.
   */
  record IsNull(int keyIndex) implements BoundPredicate {
    public IsNull {
      checkKeyIndex(keyIndex);
    }
  }

  private static void checkKeyIndex(int keyIndex) {
    if (keyIndex < 0) {
      throw new IllegalArgumentException("keyIndex is negative: " + keyIndex);
    }
  }
}
