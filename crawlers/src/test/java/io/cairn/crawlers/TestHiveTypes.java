package io.cairn.crawlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.classifiers.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestHiveTypes {
  @Test
  void numbersWidenAndOtherPrimitivesBecomeString() {
    assertThat(HiveTypes.merge("int", "bigint")).isEqualTo("bigint");
    assertThat(HiveTypes.merge("double", "int")).isEqualTo("double");
    assertThat(HiveTypes.merge("int", "boolean")).isEqualTo("string");
    assertThat(HiveTypes.merge("date", "timestamp")).isEqualTo("string");
  }

  @Test
  void structsTakeTheUnionOfTheirFieldsRecursively() {
    assertThat(
            HiveTypes.merge(
                "struct<id:int,address:struct<city:string>>",
                "struct<id:bigint,address:struct<zip:string>,tags:array<string>>"))
        .isEqualTo("struct<id:bigint,address:struct<city:string,zip:string>,tags:array<string>>");
    assertThat(HiveTypes.merge("array<struct<a:int>>", "array<struct<b:int>>"))
        .isEqualTo("array<struct<a:int,b:int>>");
    assertThat(HiveTypes.merge("map<string,int>", "map<string,double>"))
        .isEqualTo("map<string,double>");
  }

  @Test
  void aComplexTypeMeetingAnotherKindDoesNotMerge() {
    assertThat(HiveTypes.merge("struct<a:int>", "int")).isNull();
    assertThat(HiveTypes.merge("array<int>", "struct<a:int>")).isNull();
    assertThat(
            HiveTypes.mergeColumns(
                List.of(new Column("a", "int"), new Column("b", "struct<x:int>")),
                List.of(new Column("b", "string"))))
        .isNull();
  }

  @Test
  void columnsMergeInFirstSeenOrderIgnoringCase() {
    assertThat(
            HiveTypes.mergeColumns(
                List.of(new Column("id", "int"), new Column("name", "string")),
                List.of(new Column("ID", "bigint"), new Column("email", "string"))))
        .containsExactly(
            new Column("id", "bigint"),
            new Column("name", "string"),
            new Column("email", "string"));
  }

  @Test
  void exclusionGlobsFollowGluesLevels() {
    var matchers = Walker.matchers(List.of("*.csv"));
    assertThat(matchers.get(0).matches(java.nio.file.Path.of("a.csv"))).isTrue();
    assertThat(matchers.get(0).matches(java.nio.file.Path.of("x/a.csv"))).isFalse();
    var deep = Walker.matchers(List.of("**.csv", "logs/{2019,2020}/**", "day=0[1-3]"));
    assertThat(deep.get(0).matches(java.nio.file.Path.of("x/y/a.csv"))).isTrue();
    assertThat(deep.get(1).matches(java.nio.file.Path.of("logs/2020/01/a.json"))).isTrue();
    assertThat(deep.get(1).matches(java.nio.file.Path.of("logs/2021/01/a.json"))).isFalse();
    assertThat(deep.get(2).matches(java.nio.file.Path.of("day=02"))).isTrue();
  }
}
