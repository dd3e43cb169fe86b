package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg 1.11's own GlueCatalog (iceberg-aws, on the AWS SDK v2) against Cairn's Glue API:
 * namespaces, table create, load, schema commits (UpdateTable with VersionId and SkipArchive, as
 * GlueCatalog sends them), concurrent commits that both land, list and drop. Metadata files live in
 * Iceberg's in-memory FileIO; the catalog entries are Cairn's, seen over Thrift too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergGlueCatalogIT {
  @TempDir static Path dataDirectory;

  private GlueTestServer server;

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /**
   * Loaded by name, as engines load it: GlueCatalog's class names Hadoop's Configuration, which is
   * not on this class path (and not needed without a Hadoop configuration).
   */
  private GlueCatalogUnderTest catalog() {
    Catalog catalog =
        CatalogUtil.loadCatalog(
            "org.apache.iceberg.aws.glue.GlueCatalog",
            "cairn",
            Map.of(
                "glue.endpoint",
                server.uri().toString(),
                "client.region",
                "us-east-1",
                // Unsigned requests, which Cairn takes when no Glue key is configured.
                "client.credentials-provider",
                "software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider",
                "http-client.type",
                "urlconnection",
                "io-impl",
                "org.apache.iceberg.inmemory.InMemoryFileIO",
                "warehouse",
                "file:/cairn-iceberg-glue-it/warehouse"),
            null);
    return new GlueCatalogUnderTest(catalog);
  }

  /** GlueCatalog through the interfaces it implements. */
  private record GlueCatalogUnderTest(Catalog tables) implements AutoCloseable {
    SupportsNamespaces namespaces() {
      return (SupportsNamespaces) tables;
    }

    @Override
    public void close() throws java.io.IOException {
      ((java.io.Closeable) tables).close();
    }
  }

  @Test
  void glueCatalogCreatesCommitsListsAndDropsTables() throws Exception {
    try (GlueCatalogUnderTest glue = catalog()) {
      Catalog catalog = glue.tables();
      SupportsNamespaces namespaces = glue.namespaces();
      namespaces.createNamespace(Namespace.of("ice"), Map.of("owner-team", "data"));
      assertThat(namespaces.listNamespaces()).contains(Namespace.of("ice"));
      assertThat(namespaces.loadNamespaceMetadata(Namespace.of("ice")))
          .containsEntry("owner-team", "data");

      TableIdentifier events = TableIdentifier.of("ice", "events");
      Schema schema =
          new Schema(
              Types.NestedField.required(1, "id", Types.LongType.get()),
              Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()));
      Table table =
          catalog.createTable(events, schema, PartitionSpec.builderFor(schema).day("ts").build());
      table.updateSchema().addColumn("note", Types.StringType.get()).commit();

      Table loaded = catalog.loadTable(events);
      assertThat(loaded.schema().columns())
          .extracting(Types.NestedField::name)
          .containsExactly("id", "ts", "note");
      assertThat(catalog.listTables(Namespace.of("ice"))).containsExactly(events);

      // Two writers commit from the same base at once: the compare-and-swap lets one win, the
      // other refreshes and retries, and neither change is lost.
      Table first = catalog.loadTable(events);
      Table second = catalog.loadTable(events);
      CyclicBarrier barrier = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> commits =
            List.of(
                threads.submit(
                    () -> {
                      barrier.await();
                      first.updateProperties().set("writer.a", "1").commit();
                      return null;
                    }),
                threads.submit(
                    () -> {
                      barrier.await();
                      second.updateProperties().set("writer.b", "2").commit();
                      return null;
                    }));
        for (Future<?> commit : commits) {
          commit.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(catalog.loadTable(events).properties())
          .containsEntry("writer.a", "1")
          .containsEntry("writer.b", "2");

      try (TSocket socket = new TSocket("127.0.0.1", server.thriftPort())) {
        socket.open();
        ThriftHiveMetastore.Client thrift =
            new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
        org.apache.hadoop.hive.metastore.api.Table viaThrift =
            thrift.get_table_req(new GetTableRequest("ice", "events")).getTable();
        assertThat(viaThrift.getParameters()).containsEntry("table_type", "ICEBERG");
        assertThat(viaThrift.getParameters().get("metadata_location"))
            .isEqualTo(
                ((org.apache.iceberg.HasTableOperations) catalog.loadTable(events))
                    .operations()
                    .current()
                    .metadataFileLocation());
        assertThat(viaThrift.getSd().getCols())
            .extracting(column -> column.getName())
            .containsExactly("id", "ts", "note");
      }

      assertThat(catalog.dropTable(events, false)).isTrue();
      assertThatThrownBy(() -> catalog.loadTable(events)).isInstanceOf(NoSuchTableException.class);
      assertThat(namespaces.dropNamespace(Namespace.of("ice"))).isTrue();
    }
  }
}
