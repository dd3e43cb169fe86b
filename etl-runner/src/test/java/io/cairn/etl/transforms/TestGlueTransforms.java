package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class TestGlueTransforms {
  private static SparkSession spark;
  private static TransformContext context;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.parse("2024-05-01T10:00:00Z"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> frame(String... records) {
    return spark.read().json(spark.createDataset(List.of(records), Encoders.STRING()));
  }

  private static Dataset<Row> people() {
    return frame(
        "{\"id\": 1, \"name\": \"Ana\", \"age\": \"34\", \"address\": {\"city\": \"Lyon\", \"zip\": \"69001\"}}",
        "{\"id\": 2, \"name\": \"Bo\", \"age\": \"x\", \"address\": {\"city\": \"Oslo\", \"zip\": \"0150\"}}",
        "{\"id\": 3, \"name\": null, \"age\": \"51\", \"address\": {\"city\": \"Lyon\", \"zip\": \"69002\"}}");
  }

  private static Dataset<Row> one(
      Transform transform, String configuration, Dataset<Row>... inputs) {
    List<Dataset<Row>> outputs = transform.apply(context, List.of(inputs), json(configuration));
    assertThat(outputs).hasSize(1);
    return outputs.get(0);
  }

  private static List<String> rows(Dataset<Row> frame) {
    return frame.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  @Test
  void everyTransformIsFoundByServiceLoaderUnderItsGlueName() {
    List<String> types =
        ServiceLoader.load(Transform.class).stream()
            .map(provider -> provider.get().type())
            .collect(Collectors.toList());
    assertThat(types)
        .contains(
            "ApplyMapping",
            "SelectFields",
            "DropFields",
            "RenameField",
            "Filter",
            "Join",
            "Union",
            "SplitFields",
            "SelectFromCollection",
            "DropNullFields",
            "DropDuplicates")
        .doesNotHaveDuplicates();
  }

  @Test
  void applyMappingCastsRenamesFlattensAndNests() {
    Dataset<Row> result =
        one(
            new ApplyMapping(),
            "{'Mapping': ["
                + "{'ToKey': 'person_id', 'FromPath': ['id'], 'FromType': 'long', 'ToType': 'string'},"
                + "{'ToKey': 'age', 'FromPath': ['age'], 'FromType': 'string', 'ToType': 'int'},"
                + "{'ToKey': 'city', 'FromPath': ['address', 'city'], 'FromType': 'string', 'ToType': 'string'},"
                + "{'ToKey': 'name', 'FromPath': ['name'], 'Dropped': true},"
                + "{'ToKey': 'place', 'FromPath': ['address'], 'ToType': 'struct', 'Children': ["
                + "  {'ToKey': 'postcode', 'FromPath': ['zip'], 'FromType': 'string', 'ToType': 'int'}]}]}",
            people());
    assertThat(result.schema().simpleString())
        .isEqualTo("struct<person_id:string,age:int,city:string,place:struct<postcode:int>>");
    assertThat(rows(result))
        .containsExactly("[1,34,Lyon,[69001]]", "[2,null,Oslo,[150]]", "[3,51,Lyon,[69002]]");
  }

  @Test
  void applyMappingRejectsBadTypesAndUnknownFields() {
    ApplyMapping transform = new ApplyMapping();
    assertThat(
            transform.validate(
                json("{'Mapping': [{'ToKey': 'a', 'FromPath': ['a'], 'ToType': 'integr'}]}")))
        .containsExactly("Mapping[0]: ToType is not a type name: integr");
    assertThat(transform.validate(json("{'Mapping': []}"))).hasSize(1);
    assertThatThrownBy(
            () ->
                one(
                    transform,
                    "{'Mapping': [{'ToKey': 'a', 'FromPath': ['nope'], 'ToType': 'int'}]}",
                    people()))
        .hasMessageContaining("no field nope");
  }

  @Test
  void selectAndDropFieldsHandleNestedPaths() {
    Dataset<Row> selected =
        one(new SelectFields(), "{'Paths': [['id'], ['address', 'city']]}", people());
    assertThat(selected.schema().simpleString())
        .isEqualTo("struct<address:struct<city:string>,id:bigint>");
    Dataset<Row> dropped =
        one(new DropFields(), "{'Paths': [['age'], ['address', 'zip'], ['name']]}", people());
    assertThat(dropped.schema().simpleString())
        .isEqualTo("struct<address:struct<city:string>,id:bigint>");
    assertThatThrownBy(() -> one(new SelectFields(), "{'Paths': [['missing']]}", people()))
        .hasMessageContaining("no field missing");
    assertThat(new DropFields().validate(json("{'Paths': 'age'}"))).isNotEmpty();
  }

  @Test
  void renameFieldRenamesTopLevelAndNestedFields() {
    Dataset<Row> top =
        one(new RenameField(), "{'SourcePath': ['name'], 'TargetPath': ['full_name']}", people());
    assertThat(top.columns()).contains("full_name").doesNotContain("name");
    Dataset<Row> nested =
        one(
            new RenameField(),
            "{'SourcePath': ['address', 'zip'], 'TargetPath': ['address', 'postcode']}",
            people());
    assertThat(nested.select("address.postcode").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("69001", "0150", "69002");
    assertThat(
            new RenameField()
                .validate(json("{'SourcePath': ['address', 'zip'], 'TargetPath': ['zip']}")))
        .containsExactly("SourcePath and TargetPath must have the same parent fields");
  }

  @Test
  void filterWithGlueFiltersAndWithAnExpression() {
    Dataset<Row> lyonOrOld =
        one(
            new Filter(),
            "{'LogicalOperator': 'OR', 'Filters': ["
                + "{'Operation': 'EQ', 'Negated': false, 'Values': ["
                + "  {'Type': 'COLUMNEXTRACTED', 'Value': ['address.city']}, {'Type': 'CONSTANT', 'Value': ['Oslo']}]},"
                + "{'Operation': 'GT', 'Negated': false, 'Values': ["
                + "  {'Type': 'COLUMNEXTRACTED', 'Value': ['id']}, {'Type': 'CONSTANT', 'Value': ['2']}]}]}",
            people());
    assertThat(lyonOrOld.select("id").as(Encoders.LONG()).collectAsList())
        .containsExactlyInAnyOrder(2L, 3L);
    Dataset<Row> namedAndNotB =
        one(
            new Filter(),
            "{'LogicalOperator': 'AND', 'Filters': ["
                + "{'Operation': 'ISNULL', 'Negated': true, 'Values': [{'Type': 'COLUMNEXTRACTED', 'Value': ['name']}]},"
                + "{'Operation': 'REGEX', 'Negated': true, 'Values': ["
                + "  {'Type': 'COLUMNEXTRACTED', 'Value': ['name']}, {'Type': 'CONSTANT', 'Value': ['^B']}]}]}",
            people());
    assertThat(namedAndNotB.select("id").as(Encoders.LONG()).collectAsList()).containsExactly(1L);
    Dataset<Row> byExpression =
        one(new Filter(), "{'Expression': 'cast(age as int) > 40'}", people());
    assertThat(byExpression.select("id").as(Encoders.LONG()).collectAsList()).containsExactly(3L);
  }

  @Test
  void filterExplainsBadConfigurations() {
    Filter filter = new Filter();
    assertThat(filter.validate(json("{}"))).hasSize(1);
    assertThat(filter.validate(json("{'Expression': 'age >'}")).get(0))
        .startsWith("Expression does not parse");
    assertThat(
            filter.validate(
                json(
                    "{'LogicalOperator': 'XOR', 'Filters': [{'Operation': 'LIKE', 'Values': []}]}")))
        .containsExactly(
            "LogicalOperator must be AND or OR, not XOR",
            "Filters[0]: Operation must be one of "
                + java.util.Set.of("EQ", "LT", "GT", "LTE", "GTE", "REGEX", "ISNULL")
                + ", not 'LIKE'");
  }

  @Test
  void joinTypesFollowGlueAndDuplicateNamesAreRenamedOnTheRight() {
    Dataset<Row> orders =
        frame(
            "{\"id\": 10, \"person_id\": 1, \"name\": \"book\"}",
            "{\"id\": 11, \"person_id\": 1, \"name\": \"pen\"}",
            "{\"id\": 12, \"person_id\": 9, \"name\": \"ink\"}");
    String columns =
        "'Inputs': ['people', 'orders'], 'Columns': [{'From': 'people', 'Keys': [['id']]},"
            + " {'From': 'orders', 'Keys': [['person_id']]}]";
    Dataset<Row> inner =
        one(new Join(), "{'JoinType': 'equijoin', " + columns + "}", people(), orders);
    assertThat(inner.columns())
        .containsExactly("address", "age", "id", "name", "(right) id", "(right) name", "person_id");
    assertThat(inner.count()).isEqualTo(2);
    assertThat(one(new Join(), "{'JoinType': 'left', " + columns + "}", people(), orders).count())
        .isEqualTo(4);
    assertThat(one(new Join(), "{'JoinType': 'right', " + columns + "}", people(), orders).count())
        .isEqualTo(3);
    assertThat(one(new Join(), "{'JoinType': 'outer', " + columns + "}", people(), orders).count())
        .isEqualTo(5);
    Dataset<Row> semi =
        one(new Join(), "{'JoinType': 'leftsemi', " + columns + "}", people(), orders);
    assertThat(semi.select("id").as(Encoders.LONG()).collectAsList()).containsExactly(1L);
    Dataset<Row> anti =
        one(new Join(), "{'JoinType': 'leftanti', " + columns + "}", people(), orders);
    assertThat(anti.select("id").as(Encoders.LONG()).collectAsList())
        .containsExactlyInAnyOrder(2L, 3L);
    // Columns decides the sides, not the order of the parents.
    String swapped =
        "'Inputs': ['orders', 'people'], 'Columns': [{'From': 'people', 'Keys': [['id']]},"
            + " {'From': 'orders', 'Keys': [['person_id']]}]";
    assertThat(one(new Join(), "{'JoinType': 'left', " + swapped + "}", orders, people()).count())
        .isEqualTo(4);
    assertThat(new Join().validate(json("{'JoinType': 'cross', " + columns + "}")))
        .hasSize(1)
        .allMatch(problem -> problem.startsWith("JoinType must be one of"));
  }

  @Test
  void unionAllKeepsDuplicatesAndDistinctDoesNot() {
    Dataset<Row> a = frame("{\"k\": 1, \"v\": \"a\"}", "{\"k\": 2, \"v\": \"b\"}");
    Dataset<Row> b = frame("{\"v\": \"a\", \"k\": 1}", "{\"k\": 3, \"extra\": true}");
    assertThat(one(new Union(), "{'UnionType': 'ALL'}", a, b).count()).isEqualTo(4);
    Dataset<Row> distinct = one(new Union(), "{'UnionType': 'DISTINCT'}", a, b);
    assertThat(rows(distinct)).containsExactly("[1,a,null]", "[2,b,null]", "[3,null,true]");
    assertThat(new Union().validate(json("{'UnionType': 'SOME'}"))).hasSize(1);
  }

  @Test
  void splitFieldsGivesTwoOutputsThatSelectFromCollectionPicks() {
    List<Dataset<Row>> split =
        new SplitFields().apply(context, List.of(people()), json("{'Paths': [['id'], ['name']]}"));
    assertThat(split).hasSize(2);
    assertThat(split.get(0).columns()).containsExactly("id", "name");
    assertThat(split.get(1).columns()).containsExactly("address", "age");
    Dataset<Row> second =
        one(new SelectFromCollection(), "{'Index': 1}", split.toArray(Dataset[]::new));
    assertThat(second.columns()).containsExactly("address", "age");
    assertThatThrownBy(() -> new SelectFromCollection().apply(context, split, json("{'Index': 2}")))
        .hasMessageContaining("beyond the collection of 2");
    assertThat(new SelectFromCollection().validate(json("{'Index': -1}"))).hasSize(1);
  }

  @Test
  void dropNullFieldsDropsColumnsThatAreAllNullLike() {
    Dataset<Row> input =
        frame(
            "{\"a\": 1, \"b\": null, \"c\": \"\", \"d\": -1, \"e\": \"null\", \"f\": \"n/a\"}",
            "{\"a\": 2, \"b\": null, \"c\": \"\", \"d\": -1, \"e\": \"NULL\", \"f\": \"n/a\"}");
    assertThat(one(new DropNullFields(), "{}", input).columns())
        .containsExactly("a", "c", "d", "e", "f");
    assertThat(
            one(
                    new DropNullFields(),
                    "{'NullCheckBoxList': {'IsEmpty': true, 'IsNullString': true, 'IsNegOne': true},"
                        + " 'NullTextList': [{'Value': 'n/a', 'Datatype': {'Id': 'string', 'Label': 'STRING'}}]}",
                    input)
                .columns())
        .containsExactly("a");
  }

  @Test
  void dropDuplicatesOnChosenColumnsOrWholeRows() {
    Dataset<Row> input =
        frame("{\"k\": 1, \"v\": \"a\"}", "{\"k\": 1, \"v\": \"a\"}", "{\"k\": 1, \"v\": \"b\"}");
    assertThat(one(new DropDuplicates(), "{}", input).count()).isEqualTo(2);
    assertThat(one(new DropDuplicates(), "{'Columns': [['k']]}", input).count()).isEqualTo(1);
    assertThat(new DropDuplicates().validate(json("{'Columns': [['a', 'b']]}"))).hasSize(1);
  }
}
