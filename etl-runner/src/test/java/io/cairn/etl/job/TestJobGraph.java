package io.cairn.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.JobNode;
import org.junit.jupiter.api.Test;

class TestJobGraph {
  private static final NodeTypes TYPES = NodeTypes.load(TestJobGraph.class.getClassLoader());

  @Test
  void parsesNodesInAnOrderWhereInputsComeFirst() {
    JobGraph graph =
        JobGraph.parse(
            """
            {"node-3": {"S3DirectTarget": {"Name": "out", "Inputs": ["node-2"], "Path": "/tmp/out",
                                           "Format": "parquet", "Compression": "gzip"}},
             "node-2": {"DynamicTransform": {"Name": "add", "TransformName": "TestWithColumn",
                                             "Inputs": ["node-1"], "Column": "x", "Expression": "1"}},
             "node-1": {"S3CsvSource": {"Name": "in", "Paths": ["/tmp/in"], "Separator": "comma"}}}
            """,
            TYPES);

    assertThat(graph.nodes()).extracting(JobNode::id).containsExactly("node-1", "node-2", "node-3");
    assertThat(graph.nodes())
        .extracting(JobNode::type)
        .containsExactly("S3CsvSource", "TestWithColumn", "S3DirectTarget");
    assertThat(graph.nodes().get(1).name()).isEqualTo("add");
    assertThat(graph.nodes().get(2).inputs()).containsExactly("node-2");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                JobGraph.parse(
                    """
                    {"a": {"S3CsvSource": {"Paths": [], "Separator": "colon"}},
                     "b": {"NoSuchTransform": {"Inputs": ["a"]}},
                     "c": {"S3DirectTarget": {"Inputs": ["missing"], "Path": "/tmp/x",
                                              "Format": "parquet", "Compression": "lzo"}},
                     "d": {"DynamicTransform": {"Inputs": ["a"], "TransformName": "TestWithColumn"}}}
                    """,
                    TYPES))
        .isInstanceOfSatisfying(
            JobDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "node a (S3CsvSource): Paths is missing or empty",
                        "node a (S3CsvSource): Separator is 'colon'; expected one of [comma, ctrla,"
                            + " pipe, semicolon, tab]",
                        "node b (NoSuchTransform): unknown node type NoSuchTransform",
                        "node c (S3DirectTarget): input missing is not a node of the job",
                        "node c (S3DirectTarget): Compression 'lzo' is not supported for parquet;"
                            + " expected one of [gzip, lz4, none, snappy, uncompressed, zstd]",
                        "node d (TestWithColumn): Column is missing",
                        "node d (TestWithColumn): Expression is missing"));
  }

  @Test
  void rejectsCycles() {
    assertThatThrownBy(
            () ->
                JobGraph.parse(
                    """
                    {"s": {"S3JsonSource": {"Paths": ["/tmp/in"]}},
                     "a": {"DynamicTransform": {"TransformName": "TestWithColumn", "Inputs": ["s", "b"],
                                                "Column": "x", "Expression": "1"}},
                     "b": {"DynamicTransform": {"TransformName": "TestWithColumn", "Inputs": ["a"],
                                                "Column": "y", "Expression": "2"}},
                     "t": {"S3DirectTarget": {"Inputs": ["b"], "Path": "/tmp/o", "Format": "json"}}}
                    """,
                    TYPES))
        .isInstanceOf(JobDefinitionException.class)
        .hasMessage(
            "invalid job: the job has a cycle; these nodes are on it or depend on it: [a, b, t]");
  }

  @Test
  void rejectsWhatIsNotAGraph() {
    assertThatThrownBy(() -> JobGraph.parse("{\"a\": ", TYPES))
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageStartingWith("invalid job: the job is not JSON");
    assertThatThrownBy(() -> JobGraph.parse("[]", TYPES))
        .hasMessageContaining("the job must be an object of nodes");
    assertThatThrownBy(
            () -> JobGraph.parse("{\"a\": {\"S3JsonSource\": {}, \"S3CsvSource\": {}}}", TYPES))
        .hasMessageContaining("node a must be an object with one key, its node type");
    assertThatThrownBy(
            () -> JobGraph.parse("{\"a\": {\"S3JsonSource\": {\"Paths\": [\"/tmp/x\"]}}}", TYPES))
        .hasMessage("invalid job: the job has no target node, so it would write nothing");
  }

  @Test
  void checksSourcesTargetsAndTheirInputs() {
    assertThatThrownBy(
            () ->
                JobGraph.parse(
                    """
                    {"s": {"S3ParquetSource": {"Paths": ["s3://bucket/in/", "s3n://bucket/in/", "s3a:///in/"],
                           "Inputs": ["j"]}},
                     "j": {"JdbcSource": {"Url": "postgresql://x", "Table": "t", "Query": "q"}},
                     "t": {"S3CatalogTarget": {"Inputs": ["s", "j"], "Database": "db",
                           "SchemaChangePolicy": {"EnableUpdateCatalog": true, "UpdateBehavior": "ALL"}}},
                     "i": {"S3IcebergCatalogTarget": {"Inputs": ["s"], "Database": "db", "Table": "t",
                           "AdditionalOptions": {"writeMode": "merge"}}}}
                    """,
                    TYPES))
        .isInstanceOfSatisfying(
            JobDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "node s (S3ParquetSource): a source has no inputs",
                        "node s (S3ParquetSource): path s3n://bucket/in/: s3n:// is not supported;"
                            + " use s3:// or s3a://",
                        "node s (S3ParquetSource): path s3a:///in/ names no bucket"
                            + " (s3://BUCKET/KEY)",
                        "node j (JdbcSource): Url must start with jdbc:",
                        "node j (JdbcSource): exactly one of Table and Query is needed",
                        "node t (S3CatalogTarget): a target has exactly one input",
                        "node t (S3CatalogTarget): Table is missing",
                        "node t (S3CatalogTarget): UpdateBehavior is 'ALL'; expected one of [LOG,"
                            + " UPDATE_IN_DATABASE]",
                        "node i (S3IcebergCatalogTarget): AdditionalOptions.mergeKeys is needed when"
                            + " writeMode is merge"));
  }
}
