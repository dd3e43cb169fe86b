package io.cairn.crawlers;

import static io.cairn.crawlers.FormatFiles.sizeOf;
import static io.cairn.crawlers.Trees.configuration;
import static io.cairn.crawlers.Trees.crawl;
import static io.cairn.crawlers.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cairn.classifiers.Classifier;
import io.cairn.classifiers.ClassifierDefinition;
import io.cairn.classifiers.Column;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DecimalColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ListColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.StructColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crawls realistic trees of every format the classifiers know, written by the formats' own writers,
 * and checks what the catalog gets: tables, partition keys and values, columns and Hive types,
 * SerDe and formats, locations and Glue's table parameters.
 */
final class TestCrawlerFormats {
  private static final String PARQUET_SERDE =
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  private static final String PARQUET_INPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  private static final String PARQUET_OUTPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  private static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
  private static final String TEXT_OUTPUT =
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
  private static final String GROK_SERDE = "com.amazonaws.glue.serde.GrokSerDe";

  private static final String CLICK_SCHEMA =
      """
      message click {
        required int64 id;
        optional binary user (STRING);
        optional group device {
          optional binary os (STRING);
          optional int32 version;
        }
        optional group tags (LIST) {
          repeated group list { optional binary element (STRING); }
        }
        optional group attributes (MAP) {
          repeated group key_value { required binary key (STRING); optional binary value (STRING); }
        }
        optional int64 price (DECIMAL(12,2));
        optional int64 clicked_at (TIMESTAMP(MICROS,true));
        optional int32 event_date (DATE);
      }
      """;

  private static final String COMBINED_LOG =
      "10.1.2.3 - - [12/Mar/2024:08:00:01 +0100] \"GET /index.html HTTP/1.1\" 200 5120"
          + " \"https://example.org/start\" \"Mozilla/5.0 (X11; Linux x86_64; rv:124.0)\"\n"
          + "10.1.2.4 - alice [12/Mar/2024:08:00:02 +0100] \"GET /missing HTTP/1.1\" 404 -"
          + " \"-\" \"curl/8.5.0\"\n"
          + "10.1.2.5 - - [12/Mar/2024:08:00:03 +0100] \"POST /cart HTTP/2.0\" 302 0"
          + " \"https://example.org/item/7\" \"Mozilla/5.0 (Macintosh)\"\n";
  private static final String SYSLOG =
      "Feb  1 06:25:43 ip-10-0-0-1 sshd[1234]: Accepted publickey for ops from 10.0.0.9\n"
          + "Feb  1 06:25:44 ip-10-0-0-1 systemd: Started Session 5 of user ops.\n"
          + "Feb 11 23:59:59 <3.4> gateway kernel: eth0: link up\n";

  @TempDir Path temp;

  @Test
  void hourlyParquetPartitionsWithNestedAndLogicalTypes() throws Exception {
    Path clicks = temp.resolve("clicks");
    List<String> hours =
        List.of(
            "year=2024/month=03/day=01/hour=00",
            "year=2024/month=03/day=01/hour=01",
            "year=2024/month=03/day=02/hour=23");
    for (String hour : hours) {
      Path folder = clicks.resolve(hour);
      FormatFiles.parquet(
          folder.resolve("part-00000.snappy.parquet"),
          CLICK_SCHEMA,
          CompressionCodecName.SNAPPY,
          40,
          TestCrawlerFormats::click);
      FormatFiles.parquet(
          folder.resolve("part-00001.snappy.parquet"),
          CLICK_SCHEMA,
          CompressionCodecName.SNAPPY,
          10,
          TestCrawlerFormats::click);
      write(folder.resolve("_SUCCESS"), "");
    }
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result = crawl(configuration(clicks.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactly("clicks");
    CrawledTable table = catalog.table("clicks");
    assertThat(table.location()).isEqualTo("file:" + clicks.toRealPath());
    assertThat(table.partitionKeys())
        .containsExactly(
            new Column("year", "string"),
            new Column("month", "string"),
            new Column("day", "string"),
            new Column("hour", "string"));
    List<Column> columns =
        List.of(
            new Column("id", "bigint"),
            new Column("user", "string"),
            new Column("device", "struct<os:string,version:int>"),
            new Column("tags", "array<string>"),
            new Column("attributes", "map<string,string>"),
            new Column("price", "decimal(12,2)"),
            new Column("clicked_at", "timestamp"),
            new Column("event_date", "date"));
    assertThat(table.columns()).containsExactlyElementsOf(columns);
    assertThat(table.serdeLibrary()).isEqualTo(PARQUET_SERDE);
    assertThat(table.serdeParameters()).containsExactly(entry("serialization.format", "1"));
    assertThat(table.inputFormat()).isEqualTo(PARQUET_INPUT);
    assertThat(table.outputFormat()).isEqualTo(PARQUET_OUTPUT);
    long size = sizeOf(clicks, ".parquet");
    assertThat(table.parameters())
        .contains(
            entry("classification", "parquet"),
            entry("compressionType", "snappy"),
            entry("typeOfData", "file"),
            entry("recordCount", "150"),
            entry("objectCount", "6"),
            entry("sizeKey", String.valueOf(size)),
            entry("UPDATED_BY_CRAWLER", Trees.CRAWLER));
    assertAverageRecordSize(table.parameters(), size, 150);

    Map<List<String>, CrawledPartition> partitions = catalog.partitions("clicks");
    assertThat(partitions.keySet())
        .containsExactlyInAnyOrder(
            List.of("2024", "03", "01", "00"),
            List.of("2024", "03", "01", "01"),
            List.of("2024", "03", "02", "23"));
    CrawledPartition last = partitions.get(List.of("2024", "03", "02", "23"));
    assertThat(last.location())
        .isEqualTo("file:" + clicks.toRealPath().resolve("year=2024/month=03/day=02/hour=23"));
    assertThat(last.columns()).containsExactlyElementsOf(columns);
    assertThat(last.serdeLibrary()).isEqualTo(PARQUET_SERDE);
    assertThat(last.inputFormat()).isEqualTo(PARQUET_INPUT);
    assertThat(last.parameters())
        .contains(
            entry("classification", "parquet"),
            entry("compressionType", "snappy"),
            entry("recordCount", "50"),
            entry("objectCount", "2"),
            entry(
                "sizeKey",
                String.valueOf(sizeOf(clicks.resolve("year=2024/month=03/day=02"), ".parquet"))))
        .doesNotContainKey("UPDATED_BY_CRAWLER");
    assertThat(result.tablesCreated()).isEqualTo(1);
    assertThat(result.partitionsAdded()).isEqualTo(3);
    // The _SUCCESS markers and Hadoop's .crc files are hidden to Hive and not listed.
    assertThat(result.filesListed()).isEqualTo(6);
    assertThat(result.filesRead()).isEqualTo(6);
    assertThat(result.messages()).isEmpty();
  }

  @Test
  void dailyParquetPartitionsWhereALaterDayGainsAColumn() throws Exception {
    Path orders = temp.resolve("orders");
    String before =
        """
        message order {
          required int64 order_id;
          optional binary customer (STRING);
          optional int32 amount (DECIMAL(9,2));
        }
        """;
    String after =
        """
        message order {
          required int64 order_id;
          optional binary customer (STRING);
          optional int32 amount (DECIMAL(9,2));
          optional binary coupon (STRING);
        }
        """;
    for (String day : List.of("2024-03-01", "2024-03-02")) {
      FormatFiles.parquet(
          orders.resolve("dt=" + day + "/part-0.parquet"),
          before,
          CompressionCodecName.GZIP,
          20,
          (row, i) -> row.append("order_id", (long) i).append("customer", "c" + i));
    }
    FormatFiles.parquet(
        orders.resolve("dt=2024-03-03/part-0.parquet"),
        after,
        CompressionCodecName.GZIP,
        30,
        (row, i) ->
            row.append("order_id", (long) i)
                .append("customer", "c" + i)
                .append("amount", 1_999)
                .append("coupon", "SPRING"));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(orders.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactly("orders");
    CrawledTable table = catalog.table("orders");
    List<Column> old =
        List.of(
            new Column("order_id", "bigint"),
            new Column("customer", "string"),
            new Column("amount", "decimal(9,2)"));
    List<Column> merged = new ArrayList<>(old);
    merged.add(new Column("coupon", "string"));
    assertThat(table.columns()).containsExactlyElementsOf(merged);
    assertThat(table.partitionKeys()).containsExactly(new Column("dt", "string"));
    assertThat(table.parameters())
        .contains(
            entry("classification", "parquet"),
            entry("compressionType", "gzip"),
            entry("recordCount", "70"),
            entry("objectCount", "3"),
            entry("sizeKey", String.valueOf(sizeOf(orders, ".parquet"))));
    Map<List<String>, CrawledPartition> partitions = catalog.partitions("orders");
    assertThat(partitions.keySet())
        .containsExactlyInAnyOrder(
            List.of("2024-03-01"), List.of("2024-03-02"), List.of("2024-03-03"));
    assertThat(partitions.get(List.of("2024-03-01")).columns()).containsExactlyElementsOf(old);
    assertThat(partitions.get(List.of("2024-03-02")).columns()).containsExactlyElementsOf(old);
    assertThat(partitions.get(List.of("2024-03-03")).columns()).containsExactlyElementsOf(merged);
    assertThat(partitions.get(List.of("2024-03-03")).parameters())
        .contains(entry("recordCount", "30"), entry("objectCount", "1"));
  }

  @Test
  void avroInKeyValueFoldersWithANestedRecordAndANullableUnion() throws Exception {
    Schema schema =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "Visit", "namespace": "com.example.web", "fields": [
                  {"name": "visit_id", "type": "long"},
                  {"name": "page", "type": "string"},
                  {"name": "location", "type": {"type": "record", "name": "Location", "fields": [
                    {"name": "lat", "type": "double"},
                    {"name": "lon", "type": "double"}]}},
                  {"name": "referrer", "type": ["null", "string"], "default": null},
                  {"name": "visited_at",
                   "type": {"type": "long", "logicalType": "timestamp-millis"}}
                ]}
                """);
    Path visits = temp.resolve("visits");
    int[] counts = {25, 35};
    List<String> regions = List.of("eu-west-1", "us-east-1");
    for (int r = 0; r < regions.size(); r++) {
      List<GenericRecord> records = new ArrayList<>();
      for (int i = 0; i < counts[r]; i++) {
        GenericRecord location = new GenericData.Record(schema.getField("location").schema());
        location.put("lat", 59.9 + i);
        location.put("lon", 10.7 - i);
        GenericRecord visit = new GenericData.Record(schema);
        visit.put("visit_id", (long) i);
        visit.put("page", "/page/" + i);
        visit.put("location", location);
        visit.put("referrer", i % 2 == 0 ? null : "https://example.org/" + i);
        visit.put("visited_at", 1_710_000_000_000L + i);
        records.add(visit);
      }
      FormatFiles.avro(
          visits.resolve("region=" + regions.get(r) + "/visits-0001.avro"),
          schema,
          CodecFactory.deflateCodec(6),
          records);
    }
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(visits.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactly("visits");
    CrawledTable table = catalog.table("visits");
    assertThat(table.partitionKeys()).containsExactly(new Column("region", "string"));
    assertThat(table.columns())
        .containsExactly(
            new Column("visit_id", "bigint"),
            new Column("page", "string"),
            new Column("location", "struct<lat:double,lon:double>"),
            new Column("referrer", "string"),
            new Column("visited_at", "timestamp"));
    assertThat(table.serdeLibrary()).isEqualTo("org.apache.hadoop.hive.serde2.avro.AvroSerDe");
    assertThat(table.inputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat");
    assertThat(table.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat");
    assertThat(new Schema.Parser().parse(table.serdeParameters().get("avro.schema.literal")))
        .isEqualTo(schema);
    assertThat(new Schema.Parser().parse(table.parameters().get("avro.schema.literal")))
        .isEqualTo(schema);
    assertThat(table.parameters())
        .contains(
            entry("classification", "avro"),
            entry("compressionType", "deflate"),
            entry("recordCount", "60"),
            entry("objectCount", "2"),
            entry("sizeKey", String.valueOf(sizeOf(visits, ".avro"))),
            entry("UPDATED_BY_CRAWLER", Trees.CRAWLER));
    Map<List<String>, CrawledPartition> partitions = catalog.partitions("visits");
    assertThat(partitions.keySet())
        .containsExactlyInAnyOrder(List.of("eu-west-1"), List.of("us-east-1"));
    CrawledPartition us = partitions.get(List.of("us-east-1"));
    assertThat(us.location()).isEqualTo("file:" + visits.toRealPath().resolve("region=us-east-1"));
    assertThat(us.parameters()).containsEntry("recordCount", "35");
    assertThat(us.serdeParameters()).containsKey("avro.schema.literal");
  }

  @Test
  void orcFilesOfZlibAndZstdInPartitionFolders() throws Exception {
    String readingSchema =
        "struct<sensor:string,reading:double,measured_at:timestamp,day:date,"
            + "level:decimal(8,3),position:struct<x:int,y:int>,tags:array<string>>";
    Path warehouse = temp.resolve("warehouse");
    for (String site : List.of("site=oslo", "site=bergen")) {
      FormatFiles.orc(
          warehouse.resolve("readings/" + site + "/part-0.orc"),
          readingSchema,
          CompressionKind.ZLIB,
          100,
          TestCrawlerFormats::reading);
    }
    for (String day : List.of("dt=2024-03-01", "dt=2024-03-02")) {
      FormatFiles.orc(
          warehouse.resolve("alerts/" + day + "/part-0.zstd.orc"),
          "struct<alert_id:bigint,severity:string,raised_at:timestamp>",
          CompressionKind.ZSTD,
          7,
          (batch, i) -> {
            ((LongColumnVector) batch.cols[0]).vector[i] = i;
            ((BytesColumnVector) batch.cols[1]).setVal(i, bytes(i % 2 == 0 ? "high" : "low"));
            ((TimestampColumnVector) batch.cols[2]).set(i, new Timestamp(1_710_000_000_000L + i));
          });
    }
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(warehouse.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("readings", "alerts");
    CrawledTable readings = catalog.table("readings");
    assertThat(readings.location()).isEqualTo("file:" + warehouse.toRealPath().resolve("readings"));
    assertThat(readings.partitionKeys()).containsExactly(new Column("site", "string"));
    assertThat(readings.columns())
        .containsExactly(
            new Column("sensor", "string"),
            new Column("reading", "double"),
            new Column("measured_at", "timestamp"),
            new Column("day", "date"),
            new Column("level", "decimal(8,3)"),
            new Column("position", "struct<x:int,y:int>"),
            new Column("tags", "array<string>"));
    assertThat(readings.serdeLibrary()).isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcSerde");
    assertThat(readings.inputFormat()).isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    assertThat(readings.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
    assertThat(readings.parameters())
        .contains(
            entry("classification", "orc"),
            entry("compressionType", "zlib"),
            entry("recordCount", "200"),
            entry("objectCount", "2"),
            entry("sizeKey", String.valueOf(sizeOf(warehouse.resolve("readings"), ".orc"))));
    assertThat(catalog.partitions("readings").keySet())
        .containsExactlyInAnyOrder(List.of("oslo"), List.of("bergen"));

    CrawledTable alerts = catalog.table("alerts");
    assertThat(alerts.partitionKeys()).containsExactly(new Column("dt", "string"));
    assertThat(alerts.columns())
        .containsExactly(
            new Column("alert_id", "bigint"),
            new Column("severity", "string"),
            new Column("raised_at", "timestamp"));
    assertThat(alerts.parameters())
        .contains(
            entry("classification", "orc"),
            entry("compressionType", "zstd"),
            entry("recordCount", "14"));
    assertThat(catalog.partitions("alerts").get(List.of("2024-03-02")).parameters())
        .contains(entry("compressionType", "zstd"), entry("recordCount", "7"));
  }

  @Test
  void xmlFilesWithARowTagInTwoPartitionFolders() throws Exception {
    Path feed = temp.resolve("order_feed");
    write(feed.resolve("dt=2024-03-01/orders.xml"), ordersXml(1, 3));
    write(feed.resolve("dt=2024-03-02/orders.xml"), ordersXml(4, 2));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(feed.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactly("order_feed");
    CrawledTable table = catalog.table("order_feed");
    assertThat(table.partitionKeys()).containsExactly(new Column("dt", "string"));
    assertThat(table.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("status", "string"),
            new Column("customer", "struct<name:string,country:string>"),
            new Column("total", "struct<currency:string,_value:double>"),
            new Column("item", "array<string>"));
    assertThat(table.serdeLibrary()).isEqualTo("com.ibm.spss.hive.serde2.xml.XmlSerDe");
    assertThat(table.inputFormat()).isEqualTo("com.ibm.spss.hive.serde2.xml.XmlInputFormat");
    assertThat(table.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat");
    assertThat(table.serdeParameters())
        .contains(
            entry("column.xpath.id", "/order/@id"),
            entry("column.xpath.customer", "/order/customer"),
            entry("column.xpath.item", "/order/item/text()"));
    assertThat(table.parameters())
        .contains(
            entry("classification", "xml"),
            entry("rowTag", "order"),
            entry("xmlinput.start", "<order"),
            entry("xmlinput.end", "</order>"),
            entry("compressionType", "none"),
            entry("recordCount", "5"),
            entry("objectCount", "2"),
            entry("sizeKey", String.valueOf(sizeOf(feed, ".xml"))));
    Map<List<String>, CrawledPartition> partitions = catalog.partitions("order_feed");
    assertThat(partitions.keySet())
        .containsExactlyInAnyOrder(List.of("2024-03-01"), List.of("2024-03-02"));
    assertThat(partitions.get(List.of("2024-03-02")).parameters())
        .contains(entry("rowTag", "order"), entry("recordCount", "2"));
  }

  @Test
  void combinedAccessLogsAndSyslogBecomeTheirGrokTables() throws Exception {
    Path logs = temp.resolve("logs");
    write(logs.resolve("access/host=web-1/access.log"), COMBINED_LOG);
    write(logs.resolve("access/host=web-2/access.log"), COMBINED_LOG + COMBINED_LOG);
    write(logs.resolve("system/messages"), SYSLOG);
    write(logs.resolve("system/messages.1"), SYSLOG);
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(logs.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("access", "system");
    CrawledTable access = catalog.table("access");
    assertThat(access.partitionKeys()).containsExactly(new Column("host", "string"));
    assertThat(access.columns())
        .containsExactly(
            new Column("clientip", "string"),
            new Column("ident", "string"),
            new Column("auth", "string"),
            new Column("timestamp", "string"),
            new Column("verb", "string"),
            new Column("request", "string"),
            new Column("httpversion", "string"),
            new Column("rawrequest", "string"),
            new Column("response", "int"),
            new Column("bytes", "bigint"),
            new Column("referrer", "string"),
            new Column("agent", "string"));
    assertThat(access.serdeLibrary()).isEqualTo(GROK_SERDE);
    assertThat(access.serdeParameters().get("input.format")).endsWith("%{QS:agent}");
    assertThat(access.inputFormat()).isEqualTo(TEXT_INPUT);
    assertThat(access.outputFormat()).isEqualTo(TEXT_OUTPUT);
    assertThat(access.parameters())
        .contains(
            entry("classification", "combined_apache"),
            entry("compressionType", "none"),
            entry("recordCount", "9"),
            entry("objectCount", "2"),
            entry("sizeKey", String.valueOf(sizeOf(logs.resolve("access"), ".log"))));
    assertThat(catalog.partitions("access").get(List.of("web-2")).parameters())
        .containsEntry("recordCount", "6");

    CrawledTable system = catalog.table("system");
    assertThat(system.partitionKeys()).isEmpty();
    assertThat(system.columns())
        .containsExactly(
            new Column("timestamp", "string"),
            new Column("facility", "int"),
            new Column("priority", "int"),
            new Column("logsource", "string"),
            new Column("program", "string"),
            new Column("pid", "int"),
            new Column("message", "string"));
    assertThat(system.serdeLibrary()).isEqualTo(GROK_SERDE);
    assertThat(system.parameters())
        .contains(
            entry("classification", "syslog"),
            entry("recordCount", "6"),
            entry("objectCount", "2"));
  }

  @Test
  void jsonLinesCompressedWithBzip2AndZstd() throws Exception {
    Path events = temp.resolve("events");
    for (String day : List.of("2024-03-01", "2024-03-02")) {
      FormatFiles.bzip2(
          events.resolve("archived/dt=" + day + "/events.json.bz2"), jsonLines(day, 12));
      FormatFiles.zstd(events.resolve("recent/dt=" + day + "/events.json.zst"), jsonLines(day, 8));
    }
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(events.toString()), catalog);

    // The same schema, but a different compression: Glue's crawler does not make them one table.
    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("archived", "recent");
    List<Column> columns =
        List.of(
            new Column("event_id", "int"),
            new Column("kind", "string"),
            new Column("user", "struct<id:int,plan:string>"),
            new Column("items", "array<string>"),
            new Column("day", "string"));
    for (String name : List.of("archived", "recent")) {
      CrawledTable table = catalog.table(name);
      assertThat(table.columns()).as(name).containsExactlyElementsOf(columns);
      assertThat(table.partitionKeys()).as(name).containsExactly(new Column("dt", "string"));
      assertThat(table.serdeLibrary()).as(name).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
      assertThat(table.serdeParameters()).containsEntry("paths", "event_id,kind,user,items,day");
      assertThat(table.inputFormat()).isEqualTo(TEXT_INPUT);
      assertThat(table.parameters()).contains(entry("classification", "json"));
    }
    assertThat(catalog.table("archived").parameters())
        .contains(
            entry("compressionType", "bzip2"),
            entry("recordCount", "24"),
            entry("sizeKey", String.valueOf(sizeOf(events.resolve("archived"), ".bz2"))));
    assertThat(catalog.table("recent").parameters())
        .contains(
            entry("compressionType", "zstd"),
            entry("recordCount", "16"),
            entry("sizeKey", String.valueOf(sizeOf(events.resolve("recent"), ".zst"))));
    assertThat(catalog.partitions("recent").get(List.of("2024-03-02")).parameters())
        .contains(entry("compressionType", "zstd"), entry("recordCount", "8"));
  }

  @Test
  void customGrokClassifierClaimsTheApplicationsLogBeforeTheBuiltIns() throws Exception {
    Path logs = temp.resolve("logs");
    String checkout =
        "Mar 12 08:00:01 app-1 checkout[42]: order=1001 amount=19.99 status=PAID\n"
            + "Mar 12 08:00:02 app-1 checkout[42]: order=1002 amount=5 status=NEW\n"
            + "Mar 12 08:00:05 app-2 checkout[77]: order=1003 amount=120.50 status=SHIPPED\n";
    write(logs.resolve("checkout/day=2024-03-12/app.log"), checkout);
    write(logs.resolve("checkout/day=2024-03-13/app.log"), checkout);
    write(logs.resolve("system/messages"), SYSLOG);
    InMemoryCrawlerCatalog builtInOnly = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(logs.toString()), builtInOnly);

    // The application's lines are syslog lines too: without the custom classifier syslog takes
    // them.
    assertThat(builtInOnly.table("checkout").parameters())
        .containsEntry("classification", "syslog");

    String customPatterns = "ORDERID [0-9]{4,}\nORDERSTATUS (?:NEW|PAID|SHIPPED)\n";
    Classifier custom =
        new ClassifierDefinition.Grok(
                "checkout-log",
                "checkout_log",
                "%{SYSLOGTIMESTAMP:logged_at} %{HOSTNAME:host} checkout\\[%{POSINT:pid:int}\\]:"
                    + " order=%{ORDERID:order_id:long} amount=%{NUMBER:amount:double}"
                    + " status=%{ORDERSTATUS:status}",
                customPatterns)
            .toClassifier();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(withClassifiers(List.of(custom), logs), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("checkout", "system");
    CrawledTable table = catalog.table("checkout");
    assertThat(table.partitionKeys()).containsExactly(new Column("day", "string"));
    assertThat(table.columns())
        .containsExactly(
            new Column("logged_at", "string"),
            new Column("host", "string"),
            new Column("pid", "int"),
            new Column("order_id", "bigint"),
            new Column("amount", "double"),
            new Column("status", "string"));
    assertThat(table.serdeLibrary()).isEqualTo(GROK_SERDE);
    assertThat(table.serdeParameters())
        .containsEntry("input.grokCustomPatterns", customPatterns)
        .hasEntrySatisfying("input.format", format -> assertThat(format).startsWith("%{SYSLOG"));
    assertThat(table.inputFormat()).isEqualTo(TEXT_INPUT);
    assertThat(table.parameters())
        .contains(
            entry("classification", "checkout_log"),
            entry("recordCount", "6"),
            entry("objectCount", "2"));
    assertThat(catalog.partitions("checkout").keySet())
        .containsExactlyInAnyOrder(List.of("2024-03-12"), List.of("2024-03-13"));
    // Lines it does not match fall through to the built-ins.
    assertThat(catalog.table("system").parameters()).containsEntry("classification", "syslog");
  }

  @Test
  void customCsvClassifierWithSemicolonsAndAHeader() throws Exception {
    Path airports = temp.resolve("airports");
    // Every value is a string, so the header cannot be told from the data without being told.
    write(
        airports.resolve("region=europe/airports.csv"),
        "code;city;country\nOSL;Oslo;Norway\nBER;Berlin;Germany\nCDG;Paris;France\n");
    write(
        airports.resolve("region=asia/airports.csv"),
        "code;city;country\nHND;Tokyo;Japan\nSIN;Singapore;Singapore\n");
    InMemoryCrawlerCatalog builtInOnly = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(airports.toString()), builtInOnly);

    assertThat(builtInOnly.table("airports").parameters())
        .containsEntry("delimiter", ";")
        .doesNotContainKey("skip.header.line.count");
    assertThat(builtInOnly.table("airports").columns())
        .extracting(Column::name)
        .containsExactly("col0", "col1", "col2");

    Classifier custom =
        new ClassifierDefinition.Csv(
                "semicolon-csv",
                ";",
                "\"",
                ClassifierDefinition.CsvHeader.PRESENT,
                List.of(),
                false,
                false,
                false,
                List.of(),
                "None")
            .toClassifier();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(withClassifiers(List.of(custom), airports), catalog);

    assertThat(catalog.tableNames()).containsExactly("airports");
    CrawledTable table = catalog.table("airports");
    assertThat(table.partitionKeys()).containsExactly(new Column("region", "string"));
    assertThat(table.columns())
        .containsExactly(
            new Column("code", "string"),
            new Column("city", "string"),
            new Column("country", "string"));
    assertThat(table.serdeLibrary())
        .isEqualTo("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
    assertThat(table.serdeParameters()).containsEntry("field.delim", ";");
    assertThat(table.inputFormat()).isEqualTo(TEXT_INPUT);
    assertThat(table.outputFormat()).isEqualTo(TEXT_OUTPUT);
    assertThat(table.parameters())
        .contains(
            entry("classification", "csv"),
            entry("delimiter", ";"),
            entry("skip.header.line.count", "1"),
            entry("recordCount", "5"),
            entry("objectCount", "2"),
            entry("sizeKey", String.valueOf(sizeOf(airports, ".csv"))));
    assertThat(catalog.partitions("airports").get(List.of("asia")).parameters())
        .containsEntry("recordCount", "2");
  }

  @Test
  void parquetAndCsvSiblingsOfDifferentSchemasAreTwoTables() throws Exception {
    Path exports = temp.resolve("exports");
    String payments =
        "message payment { required int64 payment_id; optional double amount;"
            + " optional binary currency (STRING); }";
    for (int part = 0; part < 2; part++) {
      FormatFiles.parquet(
          exports.resolve("payments/part-" + part + ".parquet"),
          payments,
          CompressionCodecName.SNAPPY,
          15,
          (row, i) -> row.append("payment_id", (long) i).append("amount", i * 2.5));
    }
    write(exports.resolve("rates/rates-1.csv"), "currency,rate,day\nEUR,1.0,2024-03-01\n");
    write(exports.resolve("rates/rates-2.csv"), "currency,rate,day\nNOK,0.087,2024-03-01\n");
    Path drop = temp.resolve("drop");
    FormatFiles.parquet(
        drop.resolve("payments.parquet"),
        payments,
        CompressionCodecName.SNAPPY,
        5,
        (row, i) -> row.append("payment_id", (long) i));
    write(drop.resolve("rates.csv"), "currency,rate,day\nEUR,1.0,2024-03-01\n");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(exports.toString(), drop.toString()), catalog);

    assertThat(catalog.tableNames())
        .containsExactlyInAnyOrder("payments", "rates", "payments_parquet", "rates_csv");
    CrawledTable folderOfParquet = catalog.table("payments");
    assertThat(folderOfParquet.location())
        .isEqualTo("file:" + exports.toRealPath().resolve("payments"));
    assertThat(folderOfParquet.partitionKeys()).isEmpty();
    assertThat(folderOfParquet.columns())
        .containsExactly(
            new Column("payment_id", "bigint"),
            new Column("amount", "double"),
            new Column("currency", "string"));
    assertThat(folderOfParquet.parameters())
        .contains(
            entry("classification", "parquet"),
            entry("recordCount", "30"),
            entry("objectCount", "2"));
    CrawledTable folderOfCsv = catalog.table("rates");
    assertThat(folderOfCsv.partitionKeys()).isEmpty();
    assertThat(folderOfCsv.columns())
        .containsExactly(
            new Column("currency", "string"),
            new Column("rate", "double"),
            new Column("day", "date"));
    assertThat(folderOfCsv.parameters())
        .contains(entry("classification", "csv"), entry("objectCount", "2"));

    // Files of two schemas side by side are tables of one file each, located at the file.
    CrawledTable parquetFile = catalog.table("payments_parquet");
    assertThat(parquetFile.location())
        .isEqualTo("file:" + drop.toRealPath().resolve("payments.parquet"));
    assertThat(parquetFile.serdeLibrary()).isEqualTo(PARQUET_SERDE);
    assertThat(parquetFile.parameters())
        .contains(entry("recordCount", "5"), entry("objectCount", "1"));
    CrawledTable csvFile = catalog.table("rates_csv");
    assertThat(csvFile.location()).isEqualTo("file:" + drop.toRealPath().resolve("rates.csv"));
    assertThat(csvFile.parameters())
        .contains(entry("classification", "csv"), entry("skip.header.line.count", "1"));
  }

  @Test
  void recrawlOfAnUnchangedLakeChangesNothingAndANewDayUpdatesOnlyItsTable() throws Exception {
    Path lake = temp.resolve("lake");
    String order =
        "message order { required int64 order_id; optional binary customer (STRING);"
            + " optional int32 amount (DECIMAL(9,2)); }";
    for (String day : List.of("2024-03-01", "2024-03-02")) {
      FormatFiles.parquet(
          lake.resolve("orders/dt=" + day + "/part-0.parquet"),
          order,
          CompressionCodecName.SNAPPY,
          10,
          (row, i) -> row.append("order_id", (long) i).append("amount", 250));
      FormatFiles.zstd(lake.resolve("events/dt=" + day + "/events.json.zst"), jsonLines(day, 4));
      write(lake.resolve("feed/dt=" + day + "/orders.xml"), ordersXml(1, 2));
    }
    Schema visit =
        new Schema.Parser()
            .parse(
                "{\"type\": \"record\", \"name\": \"Visit\", \"fields\": ["
                    + "{\"name\": \"visit_id\", \"type\": \"long\"},"
                    + "{\"name\": \"referrer\", \"type\": [\"null\", \"string\"]}]}");
    GenericRecord record = new GenericData.Record(visit);
    record.put("visit_id", 1L);
    FormatFiles.avro(
        lake.resolve("visits/part-0.avro"), visit, CodecFactory.snappyCodec(), List.of(record));
    FormatFiles.orc(
        lake.resolve("alerts/part-0.orc"),
        "struct<alert_id:bigint,severity:string>",
        CompressionKind.ZLIB,
        3,
        (batch, i) -> {
          ((LongColumnVector) batch.cols[0]).vector[i] = i;
          ((BytesColumnVector) batch.cols[1]).setVal(i, bytes("high"));
        });
    write(lake.resolve("access/access.log"), COMBINED_LOG);
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    CrawlerConfiguration configuration = configuration(lake.toString());

    CrawlResult first = crawl(configuration, catalog);

    assertThat(catalog.tableNames())
        .containsExactlyInAnyOrder("orders", "events", "feed", "visits", "alerts", "access");
    assertThat(first.tablesCreated()).isEqualTo(6);
    assertThat(first.partitionsAdded()).isEqualTo(6);

    CrawlResult again = crawl(configuration, catalog);

    assertThat(catalog.applied()).hasSize(1);
    assertThat(again.tablesUpdated()).isZero();
    assertThat(again.partitionsUpdated()).isZero();
    assertThat(again.partitionsAdded()).isZero();

    CrawledTable visitsBefore = catalog.table("visits");
    FormatFiles.parquet(
        lake.resolve("orders/dt=2024-03-03/part-0.parquet"),
        order.replace(" }", " optional binary coupon (STRING); }"),
        CompressionCodecName.SNAPPY,
        5,
        (row, i) -> row.append("order_id", (long) i).append("coupon", "SPRING"));

    CrawlResult newDay = crawl(configuration, catalog);

    assertThat(newDay.tablesCreated()).isZero();
    assertThat(newDay.tablesUpdated()).isEqualTo(1);
    assertThat(newDay.partitionsAdded()).isEqualTo(1);
    assertThat(newDay.partitionsUpdated()).isZero();
    CrawlChanges changes = catalog.applied().get(1);
    assertThat(changes.updateTables()).extracting(CrawledTable::name).containsExactly("orders");
    assertThat(catalog.table("orders").columns())
        .extracting(Column::name)
        .containsExactly("order_id", "customer", "amount", "coupon");
    assertThat(catalog.table("orders").parameters())
        .contains(entry("recordCount", "25"), entry("objectCount", "3"));
    assertThat(catalog.partitions("orders")).hasSize(3);
    assertThat(catalog.table("visits")).isEqualTo(visitsBefore);
  }

  @Test
  void aSampleOfEachPartitionsParquetFilesStandsForTheRest() throws Exception {
    Path metrics = temp.resolve("metrics");
    String schema = "message metric { required binary name (STRING); required double value; }";
    for (String day : List.of("dt=2024-03-01", "dt=2024-03-02")) {
      for (int part = 0; part < 4; part++) {
        FormatFiles.parquet(
            metrics.resolve(day + "/part-" + part + ".parquet"),
            schema,
            CompressionCodecName.SNAPPY,
            10,
            (row, i) -> row.append("name", "cpu").append("value", i * 0.25));
      }
    }
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result =
        crawl(
            Trees.configuration(
                UpdateBehavior.UPDATE_IN_DATABASE,
                DeleteBehavior.DELETE_FROM_DATABASE,
                RecrawlBehavior.CRAWL_EVERYTHING,
                false,
                0,
                List.of(),
                List.of(new CrawlTarget(metrics.toString(), List.of(), 1))),
            catalog);

    assertThat(result.filesListed()).isEqualTo(8);
    assertThat(result.filesRead()).isEqualTo(2);
    assertThat(catalog.table("metrics").parameters())
        .contains(
            entry("recordCount", "80"),
            entry("objectCount", "8"),
            entry("sizeKey", String.valueOf(sizeOf(metrics, ".parquet"))));
    assertThat(catalog.partitions("metrics").get(List.of("2024-03-02")).parameters())
        .contains(entry("recordCount", "40"), entry("objectCount", "4"));
  }

  /**
   * Writers that keep the partition column in the files (Spark's {@code partitionBy} drops it,
   * other tools do not) would give a key named like a column, which Hive refuses; the level falls
   * back to Glue's positional name.
   */
  @Test
  void aPartitionKeyNamedLikeAColumnOfTheFilesIsPositional() throws Exception {
    Path sales = temp.resolve("sales");
    String schema = "message sale { required binary dt (STRING); required int64 quantity; }";
    for (String day : List.of("2024-03-01", "2024-03-02")) {
      FormatFiles.parquet(
          sales.resolve("dt=" + day + "/part-0.parquet"),
          schema,
          CompressionCodecName.SNAPPY,
          3,
          (row, i) -> row.append("dt", day).append("quantity", (long) i));
    }
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(sales.toString()), catalog);

    CrawledTable table = catalog.table("sales");
    assertThat(table.columns())
        .containsExactly(new Column("dt", "string"), new Column("quantity", "bigint"));
    assertThat(table.partitionKeys()).containsExactly(new Column("partition_0", "string"));
    assertThat(catalog.partitions("sales").keySet())
        .containsExactlyInAnyOrder(List.of("dt=2024-03-01"), List.of("dt=2024-03-02"));
  }

  private static CrawlerConfiguration withClassifiers(List<Classifier> custom, Path target) {
    return Trees.configuration(
        UpdateBehavior.UPDATE_IN_DATABASE,
        DeleteBehavior.DELETE_FROM_DATABASE,
        RecrawlBehavior.CRAWL_EVERYTHING,
        false,
        0,
        custom,
        Trees.targets(target.toString()));
  }

  /**
   * Each file's classifier reports its size over its records, rounded down; the table's average
   * weighs them by their records, so it lies within one byte below the overall average.
   */
  private static void assertAverageRecordSize(
      Map<String, String> parameters, long size, long records) {
    long average = Long.parseLong(parameters.get("averageRecordSize"));
    assertThat(average).isBetween(size / records - 1, size / records);
  }

  private static void click(Group row, int i) {
    row.append("id", (long) i).append("user", "user-" + (i % 7));
    row.addGroup("device").append("os", i % 2 == 0 ? "android" : "ios").append("version", 14);
    Group tags = row.addGroup("tags");
    tags.addGroup("list").append("element", "promo");
    tags.addGroup("list").append("element", "tag-" + i);
    row.addGroup("attributes").addGroup("key_value").append("key", "ab").append("value", "b");
    row.append("price", 1_999L + i)
        .append("clicked_at", 1_709_251_200_000_000L + i * 1_000_000L)
        .append("event_date", 19_783);
  }

  private static void reading(VectorizedRowBatch batch, int i) {
    ((BytesColumnVector) batch.cols[0]).setVal(i, bytes("sensor-" + (i % 4)));
    ((DoubleColumnVector) batch.cols[1]).vector[i] = 20.5 + i;
    ((TimestampColumnVector) batch.cols[2]).set(i, new Timestamp(1_709_251_200_000L + i));
    ((LongColumnVector) batch.cols[3]).vector[i] = 19_783;
    ((DecimalColumnVector) batch.cols[4]).set(i, HiveDecimal.create("12.345"));
    StructColumnVector position = (StructColumnVector) batch.cols[5];
    ((LongColumnVector) position.fields[0]).vector[i] = i;
    ((LongColumnVector) position.fields[1]).vector[i] = -i;
    ListColumnVector tags = (ListColumnVector) batch.cols[6];
    tags.offsets[i] = tags.childCount;
    tags.lengths[i] = 2;
    tags.childCount += 2;
    tags.child.ensureSize(tags.childCount, true);
    ((BytesColumnVector) tags.child).setVal((int) tags.offsets[i], bytes("indoor"));
    ((BytesColumnVector) tags.child).setVal((int) tags.offsets[i] + 1, bytes("floor-" + i));
  }

  private static String ordersXml(int first, int count) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<orders>\n");
    for (int id = first; id < first + count; id++) {
      xml.append("  <order id=\"")
          .append(id)
          .append("\">\n    <status>")
          .append(id % 2 == 0 ? "shipped" : "new")
          .append("</status>\n    <customer><name>Customer ")
          .append(id)
          .append("</name><country>NO</country></customer>\n")
          .append("    <total currency=\"EUR\">")
          .append(id * 10.5)
          .append("</total>\n    <item>book</item>\n    <item>pen</item>\n  </order>\n");
    }
    return xml.append("</orders>\n").toString();
  }

  private static String jsonLines(String day, int count) {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < count; i++) {
      json.append("{\"event_id\":")
          .append(i)
          .append(",\"kind\":\"")
          .append(i % 3 == 0 ? "view" : "click")
          .append("\",\"user\":{\"id\":")
          .append(100 + i)
          .append(",\"plan\":\"free\"},\"items\":[\"sku-")
          .append(i)
          .append("\"],\"day\":\"")
          .append(day)
          .append("\"}\n");
    }
    return json.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
