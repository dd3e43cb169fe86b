package io.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.filter.BoundPredicate;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.store.jdbc.PartitionFilterSql.KeyColumns;
import io.cairn.store.jdbc.PartitionFilterSql.SqlFragment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPartitionFilterSql {
  private static final List<Column> KEYS =
      List.of(
          new Column("year", "string"),
          new Column("month", "int"),
          new Column("day", "date"),
          new Column("at", "timestamp"));

  private static final KeyColumns ALIASES =
      new KeyColumns() {
        @Override
        public String stringColumn(int keyIndex) {
          return "k" + keyIndex + ".string_value";
        }

        @Override
        public String numberColumn(int keyIndex) {
          return "k" + keyIndex + ".number_value";
        }
      };

  private static SqlFragment sql(String expression) {
    return PartitionFilterSql.toSql(filter(expression).root(), ALIASES);
  }

  private static PartitionFilter filter(String expression) {
    return PartitionFilter.bind(GlueExpressionParser.parse(expression), KEYS);
  }

  // Translation

  @Test
  void translatesComparisonsToTheColumnOfTheKeysKind() {
    assertThat(sql("year = '2024'"))
        .isEqualTo(new SqlFragment("k0.string_value = ?", List.of("2024")));
    assertThat(sql("year <> 2024"))
        .isEqualTo(new SqlFragment("k0.string_value <> ?", List.of("2024")));
    assertThat(sql("month != 7"))
        .isEqualTo(new SqlFragment("k1.number_value <> ?", List.of(new BigDecimal("7"))));
    assertThat(sql("'5' < month"))
        .isEqualTo(new SqlFragment("k1.number_value > ?", List.of(new BigDecimal("5"))));
    assertThat(sql("month <= -1.5"))
        .isEqualTo(new SqlFragment("k1.number_value <= ?", List.of(new BigDecimal("-1.5"))));
    assertThat(sql("day >= '2024-01-01'"))
        .isEqualTo(new SqlFragment("k2.number_value >= ?", List.of(new BigDecimal("19723"))));
    assertThat(sql("at < '1970-01-01 00:00:01.5'"))
        .isEqualTo(new SqlFragment("k3.number_value < ?", List.of(new BigDecimal("1500000000"))));
  }

  @Test
  void translatesInBetweenLikeAndIsNull() {
    assertThat(sql("month IN (1, 2, 3)"))
        .isEqualTo(
            new SqlFragment(
                "k1.number_value IN (?, ?, ?)",
                List.of(new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("3"))));
    assertThat(sql("year IN ('a')"))
        .isEqualTo(new SqlFragment("k0.string_value IN (?)", List.of("a")));
    assertThat(sql("day BETWEEN '2024-01-01' AND '2024-01-31'"))
        .isEqualTo(
            new SqlFragment(
                "k2.number_value BETWEEN ? AND ?",
                List.of(new BigDecimal("19723"), new BigDecimal("19753"))));
    assertThat(sql("day LIKE '2024-01-%'"))
        .isEqualTo(new SqlFragment("k2.string_value LIKE ? ESCAPE '\\'", List.of("2024-01-%")));
    assertThat(sql("month NOT BETWEEN 1 AND 2"))
        .isEqualTo(
            new SqlFragment(
                "NOT (k1.number_value BETWEEN ? AND ?)",
                List.of(new BigDecimal("1"), new BigDecimal("2"))));
    assertThat(sql("month LIKE '1%'"))
        .isEqualTo(new SqlFragment("k1.string_value LIKE ? ESCAPE '\\'", List.of("1%")));
    assertThat(sql("day IS NULL")).isEqualTo(new SqlFragment("k2.string_value IS NULL", List.of()));
    assertThat(sql("month IS NOT NULL"))
        .isEqualTo(new SqlFragment("NOT (k1.string_value IS NULL)", List.of()));
  }

  @Test
  void parenthesizesJunctionsSoTheFragmentEmbedsSafely() {
    assertThat(sql("year = '1' OR month = 2 AND NOT day = '1970-01-02'"))
        .isEqualTo(
            new SqlFragment(
                "(k0.string_value = ? OR (k1.number_value = ? AND NOT (k2.number_value = ?)))",
                List.of("1", new BigDecimal("2"), BigDecimal.ONE)));
    BoundPredicate emptyAnd = new BoundPredicate.And(List.of());
    BoundPredicate emptyOr = new BoundPredicate.Or(List.of());
    assertThat(PartitionFilterSql.toSql(emptyAnd, ALIASES))
        .isEqualTo(new SqlFragment("(1 = 1)", List.of()));
    assertThat(PartitionFilterSql.toSql(emptyOr, ALIASES))
        .isEqualTo(new SqlFragment("(1 = 0)", List.of()));
  }

  @Test
  void neverPutsLiteralsIntoTheSql() {
    String hostile = "x' OR '1'='1'; DROP TABLE partitions; --";
    SqlFragment fragment =
        PartitionFilterSql.toSql(
            PartitionFilter.bind(
                    new PartitionPredicate.Or(
                        List.of(
                            new PartitionPredicate.Comparison(
                                "year", PartitionPredicate.Operator.EQUAL, hostile),
                            new PartitionPredicate.Like("day", hostile),
                            new PartitionPredicate.In("year", List.of(hostile, "2")),
                            new PartitionPredicate.Between("year", hostile, hostile))),
                    KEYS)
                .root(),
            ALIASES);
    assertThat(fragment.sql())
        .isEqualTo(
            "(k0.string_value = ? OR k2.string_value LIKE ? ESCAPE '\\' OR k0.string_value IN (?,"
                + " ?) OR k0.string_value BETWEEN ? AND ?)");
    assertThat(fragment.parameters())
        .containsExactly(hostile, hostile, hostile, "2", hostile, hostile);
  }

  @Test
  void listsReferencedKeysInOrder() {
    assertThat(
            PartitionFilterSql.referencedKeys(
                filter("day = '2024-01-01' OR NOT (year IS NULL)").root()))
        .containsExactly(0, 2);
    assertThat(PartitionFilterSql.referencedKeys(filter("month IN (1) AND month > 0").root()))
        .containsExactly(1);
    assertThat(PartitionFilterSql.referencedKeys(new BoundPredicate.And(List.of()))).isEmpty();
  }

  @Test
  void convertsNumbersForSqlite() {
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("7"))).isEqualTo(7L);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("7.000"))).isEqualTo(7L);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("-0012"))).isEqualTo(-12L);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("0.00"))).isEqualTo(0L);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("1E+3"))).isEqualTo(1000L);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("9223372036854775807")))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("9223372036854775808")))
        .isEqualTo(9.223372036854775808e18);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("1E+400000")))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("2.5"))).isEqualTo(2.5d);
    assertThat(PartitionFilterSql.jdbcValue(new BigDecimal("-0.1"))).isEqualTo(-0.1d);
    assertThat(PartitionFilterSql.jdbcValue("text")).isEqualTo("text");
    assertThat(PartitionFilterSql.jdbcValue(null)).isNull();
  }

  // SQL and in-memory evaluation agree (SQLite)

  private Connection connection;
  private final Map<Integer, List<String>> partitions = new HashMap<>();

  @BeforeAll
  void loadPartitions() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA case_sensitive_like = ON");
      statement.execute("CREATE TABLE partitions (partition_id INTEGER PRIMARY KEY)");
      statement.execute(
          "CREATE TABLE partition_key_values (partition_id INTEGER NOT NULL, key_index INTEGER NOT"
              + " NULL, string_value TEXT, number_value NUMERIC, PRIMARY KEY (partition_id,"
              + " key_index))");
    }
    Random random = new Random(20240607);
    List<String> years =
        Arrays.asList(
            "2019",
            "2020",
            "2021",
            "2022",
            "2023",
            "2024",
            "2025",
            "2024",
            "2023",
            "abc",
            "ABC",
            "a_b",
            "a%b",
            "A_c",
            "a\\b",
            "",
            "it's",
            "\uFF5E",
            "\uD83D\uDE00",
            null,
            PartitionNames.DEFAULT_PARTITION_NAME);
    List<String> months =
        Arrays.asList(
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "10",
            "11",
            "12",
            "07",
            "-3",
            "0",
            "2.5",
            "-1.5",
            "x1",
            "1e1",
            "",
            null,
            PartitionNames.DEFAULT_PARTITION_NAME);
    try (PreparedStatement insertPartition =
            connection.prepareStatement("INSERT INTO partitions VALUES (?)");
        PreparedStatement insertValue =
            connection.prepareStatement("INSERT INTO partition_key_values VALUES (?, ?, ?, ?)")) {
      for (int id = 0; id < 400; id++) {
        String year = years.get(random.nextInt(years.size()));
        String month = months.get(random.nextInt(months.size()));
        String day =
            switch (random.nextInt(12)) {
              case 0 -> null;
              case 1 -> PartitionNames.DEFAULT_PARTITION_NAME;
              case 2 -> "2024-" + (1 + random.nextInt(12)) + "-" + (1 + random.nextInt(28));
              case 3 -> "2023-02-29";
              default ->
                  String.format(
                      "%d-%02d-%02d",
                      2022 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(28));
            };
        String at =
            switch (random.nextInt(10)) {
              case 0 -> null;
              case 1 -> "2024-03-01T10:00:00";
              case 2 -> "2024-03-01 10:00:00." + "0".repeat(random.nextInt(4));
              case 3 -> "2024-03-01 10:00:00.000000001";
              case 4 -> "2024-03-01 10:00:00.5";
              default ->
                  String.format(
                      "2024-03-%02d %02d:%02d:00",
                      1 + random.nextInt(2), random.nextInt(24), random.nextInt(2) * 30);
            };
        List<String> values = Arrays.asList(year, month, day, at);
        partitions.put(id, values);
        insertPartition.setInt(1, id);
        insertPartition.executeUpdate();
        for (int keyIndex = 0; keyIndex < KEYS.size(); keyIndex++) {
          String value = values.get(keyIndex);
          insertValue.setInt(1, id);
          insertValue.setInt(2, keyIndex);
          insertValue.setObject(3, PartitionFilter.stringValue(value));
          insertValue.setObject(
              4,
              PartitionFilterSql.jdbcValue(
                  PartitionFilter.comparableNumber(
                      HiveTypes.partitionKeyKind(KEYS.get(keyIndex).type()), value)));
          insertValue.executeUpdate();
        }
      }
    }
  }

  @AfterAll
  void close() throws SQLException {
    connection.close();
  }

  private static final List<String> EXPRESSIONS =
      List.of(
          "year = '2024'",
          "year <> '2024'",
          "year != '2024'",
          "year > '2021'",
          "'2022' <= year",
          "year < 2023",
          "year = ''",
          "year >= 'a'",
          "year < '\uD83D\uDE00'",
          "year > '\uFF5E'",
          "month = 7",
          "month = '7'",
          "month = 7.0",
          "month > 6",
          "month >= 6.5",
          "month < 0",
          "month = -3",
          "month <> 7",
          "month = 2.5",
          "month > -1.5",
          "month <= -1.5",
          "month BETWEEN 3 AND 6",
          "month NOT BETWEEN 3 AND 6",
          "month BETWEEN 6 AND 3",
          "month BETWEEN -2 AND 2.5",
          "month IN (1, 2, 12)",
          "month NOT IN (1, 2, 12)",
          "month IN (7)",
          "year IN ('2019', '2024', 'abc')",
          "year NOT IN ('2019')",
          "day BETWEEN '2024-01-01' AND '2024-06-30'",
          "day = '2024-02-15'",
          "day LIKE '2024-0_-1%'",
          "day NOT LIKE '%-01'",
          "day LIKE '2024-_-%'",
          "day > '2024-06-30'",
          "day <= DATE '2023-02-28'",
          "day IN ('2024-02-15', '2022-12-31')",
          "at = '2024-03-01 10:00:00'",
          "at = '2024-03-01 10:00:00.000'",
          "at > '2024-03-01 10:00:00'",
          "at BETWEEN '2024-03-01 10:00:00.000000001' AND '2024-03-01 10:00:00.5'",
          "at < TIMESTAMP '2024-03-02 00:00:00' AND day IS NULL",
          "at LIKE '2024-03-01 10:%'",
          "at IS NULL",
          "year LIKE 'a%'",
          "year LIKE 'A%'",
          "year LIKE 'a\\_%'",
          "year LIKE '%\\%%'",
          "year LIKE '%\\\\%'",
          "year LIKE '_'",
          "year LIKE ''",
          "month LIKE '1%'",
          "month LIKE '0_'",
          "year IS NULL",
          "year IS NOT NULL",
          "month IS NULL",
          "NOT month IS NULL",
          "day IS NULL",
          "NOT (month > 6)",
          "NOT (year = '2024' AND month > 6)",
          "year = '2024' AND month > 6",
          "year = '2024' OR month > 6",
          "(year = '2024' OR year = '2023') AND (month BETWEEN 1 AND 3 OR day LIKE '%-15')",
          "NOT (year IS NULL OR month IS NULL)",
          "year >= '2020' AND NOT (month IN (1, 2, 3) OR day IS NULL)",
          "month < 2.5 OR year < '2020'",
          "NOT NOT year = '2025'",
          "NOT (month = 1 OR month <> 1)",
          "year IS NULL OR month IS NULL OR day IS NULL",
          "NOT (year < '2022' AND (month > 10 OR NOT day LIKE '2023%'))");

  @Test
  void sqlSelectsWhatTheFilterSelects() throws SQLException {
    int selective = 0;
    for (String expression : EXPRESSIONS) {
      for (String variant : List.of(expression, "NOT (" + expression + ")")) {
        PartitionFilter filter = filter(variant);
        Set<Integer> expected =
            partitions.entrySet().stream()
                .filter(partition -> filter.test(partition.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(selectWithSql(filter)).as(variant).isEqualTo(expected);
        if (!expected.isEmpty() && expected.size() < partitions.size()) {
          selective++;
        }
      }
    }
    // Guards against a data set on which everything trivially agrees.
    assertThat(selective).isGreaterThan(EXPRESSIONS.size() * 2 * 3 / 4);
  }

  private Set<Integer> selectWithSql(PartitionFilter filter) throws SQLException {
    SqlFragment fragment = PartitionFilterSql.toSql(filter.root(), ALIASES);
    StringBuilder query = new StringBuilder("SELECT p.partition_id FROM partitions p");
    for (int keyIndex : PartitionFilterSql.referencedKeys(filter.root())) {
      query
          .append(" JOIN partition_key_values k")
          .append(keyIndex)
          .append(" ON k")
          .append(keyIndex)
          .append(".partition_id = p.partition_id AND k")
          .append(keyIndex)
          .append(".key_index = ")
          .append(keyIndex);
    }
    query.append(" WHERE ").append(fragment.sql());
    Set<Integer> selected = new TreeSet<>();
    try (PreparedStatement statement = connection.prepareStatement(query.toString())) {
      List<Object> parameters = new ArrayList<>(fragment.parameters());
      for (int index = 0; index < parameters.size(); index++) {
        statement.setObject(index + 1, PartitionFilterSql.jdbcValue(parameters.get(index)));
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          selected.add(result.getInt(1));
        }
      }
    }
    return selected;
  }
}
