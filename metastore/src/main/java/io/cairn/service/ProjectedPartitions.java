package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.Segment;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.BoundPredicate;
import io.cairn.catalog.filter.BoundPredicate.ValueKind;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import io.cairn.projection.ColumnDomain;
import io.cairn.projection.PartitionColumn;
import io.cairn.projection.PartitionProjection;
import io.cairn.projection.ProjectionException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The partitions of a table with {@code projection.enabled=true}, computed from its projection
 * rules as Athena does, instead of read from the store: every partition read of every protocol
 * answers from here for such a table. A projected partition is the table's storage descriptor with
 * the partition's location; it has no parameters and no times.
 *
 * <p>Listings are in partition name order, as the store lists; page tokens are the last name of the
 * page, and a partition's {@link Segment} is a hash of its name, stable however the rules change.
 */
final class ProjectedPartitions {
  private final Table table;
  private final PartitionProjection projection;
  private final long limit;

  private ProjectedPartitions(Table table, PartitionProjection projection, long limit) {
    this.table = requireNonNull(table, "table is null");
    this.projection = requireNonNull(projection, "projection is null");
    this.limit = limit;
  }

  /** The projection of {@code table}, or empty when it has none. */
  static Optional<ProjectedPartitions> of(Table table, Clock clock, long limit) {
    if (!table.isPartitioned() || !PartitionProjection.isEnabled(table.parameters())) {
      return Optional.empty();
    }
    try {
      return PartitionProjection.of(table.parameters(), columns(table), location(table), clock)
          .map(projection -> new ProjectedPartitions(table, projection, limit));
    } catch (ProjectionException e) {
      throw new ValidationException(e.getMessage());
    }
  }

  /**
   * Checks a table's projection rules as a write of the table must.
   *
   * @throws ValidationException naming the offending property
   */
  static void validate(Table table) {
    if (!table.parameters().containsKey("projection.enabled")) {
      return;
    }
    try {
      PartitionProjection.validate(table.parameters(), columns(table), location(table));
    } catch (ProjectionException e) {
      throw new ValidationException(e.getMessage());
    }
  }

  /** The partition with exactly {@code values}, if the rules compute it. */
  Optional<Partition> load(List<String> values) {
    return projection.contains(values) ? Optional.of(partition(values)) : Optional.empty();
  }

  /** The partitions {@code filter} selects (all for null), in name order. */
  List<Partition> select(PartitionFilter filter) {
    List<ColumnDomain> domains = domains(filter);
    List<List<String>> candidates;
    try {
      candidates = projection.partitions(domains, limit);
    } catch (ProjectionException e) {
      throw new ValidationException(e.getMessage());
    }
    List<Partition> selected = new ArrayList<>();
    for (List<String> values : candidates) {
      if (filter == null || filter.test(values)) {
        selected.add(partition(values));
      }
    }
    selected.sort(Comparator.comparing(this::name));
    return selected;
  }

  /** A page of {@code partitions} (in name order) in {@code segment} (null for all). */
  Page<Partition> page(List<Partition> partitions, Segment segment, PageRequest page) {
    List<Partition> inSegment =
        segment == null
            ? partitions
            : partitions.stream()
                .filter(
                    partition -> segmentOf(name(partition), segment.total()) == segment.number())
                .toList();
    int start = 0;
    if (page.token() != null) {
      String after = decodeToken(page.token());
      List<String> names = inSegment.stream().map(this::name).toList();
      int found = Collections.binarySearch(names, after);
      start = found >= 0 ? found + 1 : -found - 1;
    }
    int end = Math.min(inSegment.size(), start + page.size());
    List<Partition> items = inSegment.subList(start, end);
    String next = end < inSegment.size() ? encodeToken(name(items.get(items.size() - 1))) : null;
    return new Page<>(List.copyOf(items), next);
  }

  String name(Partition partition) {
    return PartitionNames.name(table.partitionKeys(), partition.values());
  }

  private Partition partition(List<String> values) {
    StorageDescriptor descriptor = table.storageDescriptor();
    StorageDescriptor located =
        (descriptor == null ? StorageDescriptor.builder().build() : descriptor)
            .toBuilder().location(projection.location(values)).build();
    return new Partition(table.name(), values, located, null, null, null, null, 0);
  }

  /** What {@code filter}'s top-level AND terms allow for each key; all for the rest. */
  private List<ColumnDomain> domains(PartitionFilter filter) {
    List<ColumnDomain> domains =
        new ArrayList<>(Collections.nCopies(table.partitionKeys().size(), ColumnDomain.ALL));
    if (filter == null) {
      return domains;
    }
    BoundPredicate root = filter.root();
    List<BoundPredicate> terms =
        root instanceof BoundPredicate.And and ? and.terms() : List.of(root);
    for (BoundPredicate term : terms) {
      if (term instanceof BoundPredicate.Compare compare
          && compare.operator() != Operator.NOT_EQUAL) {
        Object value = compare.value();
        ColumnDomain domain =
            switch (compare.operator()) {
              case EQUAL -> points(compare.kind(), List.of(value));
              case LESS_THAN -> range(compare.kind(), null, false, value, false);
              case LESS_THAN_OR_EQUAL -> range(compare.kind(), null, false, value, true);
              case GREATER_THAN -> range(compare.kind(), value, false, null, false);
              case GREATER_THAN_OR_EQUAL -> range(compare.kind(), value, true, null, false);
              case NOT_EQUAL -> throw new IllegalStateException("NOT_EQUAL is no range");
            };
        intersect(domains, compare.keyIndex(), domain);
      } else if (term instanceof BoundPredicate.Between between) {
        intersect(
            domains,
            between.keyIndex(),
            range(between.kind(), between.low(), true, between.high(), true));
      } else if (term instanceof BoundPredicate.InList in) {
        intersect(domains, in.keyIndex(), points(in.kind(), in.values()));
      }
    }
    return domains;
  }

  private static void intersect(List<ColumnDomain> domains, int key, ColumnDomain domain) {
    domains.set(key, domains.get(key).intersect(domain));
  }

  private static ColumnDomain points(ValueKind kind, List<Object> literals) {
    List<String> texts = literals.stream().map(ProjectedPartitions::text).toList();
    return ColumnDomain.points(
        texts,
        (value, literalText) -> {
          Object literal = literals.get(texts.indexOf(literalText));
          Integer order = PartitionFilter.compareWithLiteral(kind, value, literal);
          return order == null ? 1 : order;
        });
  }

  private static ColumnDomain range(
      ValueKind kind, Object low, boolean lowInclusive, Object high, boolean highInclusive) {
    ToIntFunction<String> position =
        value -> {
          if (low != null) {
            Integer order = PartitionFilter.compareWithLiteral(kind, value, low);
            if (order == null) {
              return 1;
            }
            if (order < 0 || order == 0 && !lowInclusive) {
              return -1;
            }
          }
          if (high != null) {
            Integer order = PartitionFilter.compareWithLiteral(kind, value, high);
            if (order == null || order > 0 || order == 0 && !highInclusive) {
              return 1;
            }
          }
          return 0;
        };
    return ColumnDomain.range(position);
  }

  /** A literal as the text a partition value equal to it is written with. */
  private static String text(Object literal) {
    return literal instanceof BigDecimal number ? number.toPlainString() : literal.toString();
  }

  /** Fibonacci hashing of the name's hash into {@code total} segments. */
  private static int segmentOf(String name, int total) {
    long mixed = (name.hashCode() * 0x9E3779B97F4A7C15L) >>> 48;
    return (int) (mixed * total >>> 16);
  }

  private static String encodeToken(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("invalid page token: " + token);
    }
  }

  private static List<PartitionColumn> columns(Table table) {
    List<PartitionColumn> columns = new ArrayList<>();
    for (Column key : table.partitionKeys()) {
      columns.add(new PartitionColumn(key.name(), key.type()));
    }
    return columns;
  }

  private static String location(Table table) {
    return table.storageDescriptor() == null ? null : table.storageDescriptor().location();
  }
}
