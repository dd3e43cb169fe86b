package io.cairn.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.HiveTypes.PartitionKeyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestHiveTypes {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "boolean | boolean",
        "tinyint | tinyint",
        "smallint | smallint",
        "int | int",
        "integer | int",
        "INTEGER | int",
        "bigint | bigint",
        "float | float",
        "double | double",
        "double precision | double",
        "DOUBLE   Precision | double",
        "decimal | decimal(10,0)",
        "decimal(5) | decimal(5,0)",
        "decimal(38,38) | decimal(38,38)",
        "decimal(1,0) | decimal(1,0)",
        "DECIMAL ( 10 , 2 ) | decimal(10,2)",
        "decimal(007,02) | decimal(7,2)",
        "string | string",
        "String | string",
        "varchar(1) | varchar(1)",
        "varchar(65535) | varchar(65535)",
        "VARCHAR( 20 ) | varchar(20)",
        "char(1) | char(1)",
        "char(255) | char(255)",
        "date | date",
        "timestamp | timestamp",
        "timestamp with local time zone | timestamp with local time zone",
        "TIMESTAMP  WITH\tLOCAL TIME ZONE | timestamp with local time zone",
        "interval_year_month | interval_year_month",
        "interval_day_time | interval_day_time",
        "binary | binary",
        "void | void",
        "'  int  ' | int",
        "array<int> | array<int>",
        "ARRAY < INT > | array<int>",
        "array<array<string>> | array<array<string>>",
        "map<string,int> | map<string,int>",
        "map < decimal(5,1) , array<int> > | map<decimal(5,1),array<int>>",
        "map<date,struct<a:int>> | map<date,struct<a:int>>",
        "struct<a:int> | struct<a:int>",
        "struct<a:int,b:array<map<string,decimal(10,2)>>> | struct<a:int,b:array<map<string,decimal(10,2)>>>",
        "struct< a : int , b : string > | struct<a:int,b:string>",
        "STRUCT<Name:STRING,Age:INT> | struct<Name:string,Age:int>",
        "struct<`a`:int> | struct<a:int>",
        "struct<`first name`:string> | struct<`first name`:string>",
        "struct<`a``b`:string> | struct<`a``b`:string>",
        "struct<1st:int,_x:int,ß:int> | struct<1st:int,_x:int,ß:int>",
        "struct<int:int,date:string,struct:int> | struct<int:int,date:string,struct:int>",
        "uniontype<int> | uniontype<int>",
        "uniontype<int,string,array<double>> | uniontype<int,string,array<double>>",
        "array<struct<x:uniontype<int,map<bigint,boolean>>>> | array<struct<x:uniontype<int,map<bigint,boolean>>>>",
      })
  void normalizesValidTypes(String type, String expected) {
    assertThat(HiveTypes.normalize(type)).isEqualTo(expected);
  }

  @Test
  void normalizingIsIdempotent() {
    String canonical =
        HiveTypes.normalize("Struct<`a b`: Array<Map<String, Decimal(12,3)>>, c: Timestamp>");
    assertThat(canonical).isEqualTo("struct<`a b`:array<map<string,decimal(12,3)>>,c:timestamp>");
    assertThat(HiveTypes.normalize(canonical)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | unexpected end at position 1; expected a type",
        "'   ' | unexpected end at position 4; expected a type",
        "foo | unknown type 'foo' at position 1",
        "int< | unexpected '<' at position 4; expected end of type",
        "int int | unexpected 'int' at position 5; expected end of type",
        "string) | unexpected ')' at position 7; expected end of type",
        "<int> | unexpected '<' at position 1; expected a type",
        "array | unexpected end at position 6; expected '<'",
        "array<> | unexpected '>' at position 7; expected a type",
        "array<int | unexpected end at position 10; expected '>'",
        "array<int,string> | unexpected ',' at position 10; expected '>'",
        "array<int>> | unexpected '>' at position 11; expected end of type",
        "map<string> | unexpected '>' at position 11; expected ','",
        "map<array<int>,int> | map key type must be primitive, got 'array<int>' at position 5",
        "map<struct<a:int>,int> | map key type must be primitive, got 'struct<a:int>' at position 5",
        "decimal(39,1) | decimal precision must be between 1 and 38, got 39 at position 9",
        "decimal(0) | decimal precision must be between 1 and 38, got 0 at position 9",
        "decimal(10,11) | decimal scale must be between 0 and the precision 10, got 11 at position 12",
        "decimal(99999999999999999999) | decimal precision must be between 1 and 38, got 99999999999999999999 at position 9",
        "decimal(-1) | unexpected '-' at position 9; expected a number",
        "decimal() | unexpected ')' at position 9; expected a number",
        "decimal(10,) | unexpected ')' at position 12; expected a number",
        "decimal(10 | unexpected end at position 11; expected ',' or ')'",
        "decimal(1.5) | unexpected '.' at position 10; expected ',' or ')'",
        "varchar | unexpected end at position 8; expected '('",
        "varchar() | unexpected ')' at position 9; expected a number",
        "varchar(0) | varchar length must be between 1 and 65535, got 0 at position 9",
        "varchar(65536) | varchar length must be between 1 and 65535, got 65536 at position 9",
        "char(256) | char length must be between 1 and 255, got 256 at position 6",
        "char(10,2) | unexpected ',' at position 8; expected ')'",
        "double precise | unexpected 'precise' at position 8; expected end of type",
        "timestamp with time zone | unexpected 'time' at position 16; expected 'local'",
        "timestamp with local | unexpected end at position 21; expected 'time'",
        "timestamp with local time | unexpected end at position 26; expected 'zone'",
        "struct<> | unexpected '>' at position 8; expected a struct field name",
        "struct<a> | unexpected '>' at position 9; expected ':'",
        "struct<a:> | unexpected '>' at position 10; expected a type",
        "struct<a:int,> | unexpected '>' at position 14; expected a struct field name",
        "struct<a:int,A:string> | duplicate struct field name 'A' at position 14",
        "struct<`a`:int,a:string> | duplicate struct field name 'a' at position 16",
        "struct<`a:int> | unterminated quoted field name starting at position 8",
        "struct<``:int> | empty struct field name at position 8",
        "struct<a-b:int> | unexpected '-' at position 9; expected ':'",
        "uniontype<> | unexpected '>' at position 11; expected a type",
        "array<int>x | unexpected 'x' at position 11; expected end of type",
        "int, | unexpected ',' at position 4; expected end of type",
      })
  void rejectsInvalidTypes(String type, String expectedMessage) {
    assertThatThrownBy(() -> HiveTypes.normalize(type))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(expectedMessage);
  }

  @Test
  void errorMessageQuotesTheType() {
    assertThatThrownBy(() -> HiveTypes.normalize("array<int"))
        .hasMessage("unexpected end at position 10; expected '>' in type 'array<int'");
  }

  @Test
  void errorMessageAbbreviatesLongTypes() {
    String type = "struct<" + "a".repeat(300) + ":int," + "a".repeat(300) + ":int>";
    assertThatThrownBy(() -> HiveTypes.normalize(type))
        .hasMessageStartingWith("duplicate struct field name '" + "a".repeat(300) + "'")
        .hasMessageEndingWith("...'");
  }

  @Test
  void rejectsTooDeepNesting() {
    String deep = "array<".repeat(101) + "int" + ">".repeat(101);
    assertThatThrownBy(() -> HiveTypes.normalize(deep))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("type nests deeper than 100 levels at position 601");
    String allowed = "array<".repeat(100) + "int" + ">".repeat(100);
    assertThat(HiveTypes.normalize(allowed)).isEqualTo(allowed);
  }

  @Test
  void rejectsControlCharactersInQuotedFieldNames() {
    assertThatThrownBy(() -> HiveTypes.normalize("struct<`a\nb`:int>"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("control character in struct field name at position 10");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tinyint | INTEGRAL",
        "smallint | INTEGRAL",
        "int | INTEGRAL",
        "Integer | INTEGRAL",
        "bigint | INTEGRAL",
        "float | DECIMAL",
        "double | DECIMAL",
        "double precision | DECIMAL",
        "decimal | DECIMAL",
        "decimal(12,2) | DECIMAL",
        "string | STRING",
        "varchar(10) | STRING",
        "char(2) | STRING",
        "date | DATE",
        "DATE | DATE",
        "timestamp | TIMESTAMP",
        "timestamp with local time zone | STRING",
        "boolean | STRING",
        "binary | STRING",
        "array<int> | STRING",
        "not a type | STRING",
      })
  void classifiesPartitionKeys(String type, PartitionKeyKind expected) {
    assertThat(HiveTypes.partitionKeyKind(type)).isEqualTo(expected);
    assertThat(HiveTypes.isNumeric(type))
        .isEqualTo(expected == PartitionKeyKind.INTEGRAL || expected == PartitionKeyKind.DECIMAL);
  }
}
