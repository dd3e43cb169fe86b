package io.cairn.catalog.filter;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A partition filter as a tree, independent of any protocol's syntax. Each protocol parses its own
 * language (Glue expressions, Hive filters) into this tree; {@link PartitionFilter#bind} types it
 * against the table's partition keys, and the store evaluates the bound tree in the database.
 *
 * <p>Literals are kept as the text the user wrote; they get a type only when bound to a key.
 */
public sealed interface PartitionPredicate {

  /** Comparison operators. */
  enum Operator {
    EQUAL("="),
    NOT_EQUAL("<>"),
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  record And(List<PartitionPredicate> terms) implements PartitionPredicate {
    public And {
      terms = List.copyOf(terms);
    }
  }

  record Or(List<PartitionPredicate> terms) implements PartitionPredicate {
    public Or {
      terms = List.copyOf(terms);
    }
  }

  record Not(PartitionPredicate term) implements PartitionPredicate {
    public Not {
      requireNonNull(term, "term is null");
    }
  }

  record Comparison(String key, Operator operator, String value) implements PartitionPredicate {
    public Comparison {
      requireNonNull(key, "key is null");
      requireNonNull(operator, "operator is null");
      requireNonNull(value, "value is null");
    }
  }

  record In(String key, List<String> values) implements PartitionPredicate {
    public In {
      requireNonNull(key, "key is null");
      values = List.copyOf(values);
    }
  }

  record Between(String key, String low, String high) implements PartitionPredicate {
    public Between {
      requireNonNull(key, "key is null");
      requireNonNull(low, "low is null");
      requireNonNull(high, "high is null");
    }
  }

  /** SQL LIKE: {@code %} matches any run of characters, {@code _} one character; case-sensitive. */
  record Like(String key, String pattern) implements PartitionPredicate {
    public Like {
      requireNonNull(key, "key is null");
      requireNonNull(pattern, "pattern is null");
    }
  }

  /**
   * True for partitions whose value of the key is null (Hive's {@code __HIVE_DEFAULT_PARTITION__}).
   */
  record IsNull(String key) implements PartitionPredicate {
    public IsNull {
      requireNonNull(key, "key is null");
    }
  }
}
