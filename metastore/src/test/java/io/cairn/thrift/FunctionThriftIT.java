package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.Function;
import org.apache.hadoop.hive.metastore.api.FunctionType;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.ResourceType;
import org.apache.hadoop.hive.metastore.api.ResourceUri;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * User-defined functions through Hive 4's generated Thrift client (the stub HiveMetaStoreClient
 * wraps), against a running Cairn on SQLite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionThriftIT {
  @TempDir static Path dataDirectory;

  private ThriftTestServer server;

  @BeforeAll
  void start() {
    server = ThriftTestServer.start(dataDirectory);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** A function as Hive's CREATE FUNCTION sends it. */
  private static Function function(String database, String name, String className) {
    return new Function(
        name,
        database,
        className,
        "alice",
        PrincipalType.USER,
        1_700_000_000,
        FunctionType.JAVA,
        List.of(
            new ResourceUri(ResourceType.JAR, "s3://bucket/udfs.jar"),
            new ResourceUri(ResourceType.ARCHIVE, "s3://bucket/deps.zip")));
  }

  @Test
  void createGetListAlterAndDrop() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("udf_db", "", "s3://warehouse/udf_db", Map.of()));
      client.create_database(new Database("udf_other", "", "s3://warehouse/other", Map.of()));

      client.create_function(function("UDF_DB", "To_Euro", "com.example.ToEuro"));
      client.create_function(function("udf_db", "to_dollar", "com.example.ToDollar"));
      client.create_function(function("udf_other", "to_yen", "com.example.ToYen"));

      Function loaded = client.get_function("udf_db", "TO_EURO");
      assertThat(loaded.getFunctionName()).isEqualTo("to_euro");
      assertThat(loaded.getDbName()).isEqualTo("udf_db");
      assertThat(loaded.getCatName()).isEqualTo("hive");
      assertThat(loaded.getClassName()).isEqualTo("com.example.ToEuro");
      assertThat(loaded.getOwnerName()).isEqualTo("alice");
      assertThat(loaded.getOwnerType()).isEqualTo(PrincipalType.USER);
      assertThat(loaded.getFunctionType()).isEqualTo(FunctionType.JAVA);
      assertThat(loaded.getCreateTime()).isPositive();
      assertThat(loaded.getResourceUris())
          .containsExactly(
              new ResourceUri(ResourceType.JAR, "s3://bucket/udfs.jar"),
              new ResourceUri(ResourceType.ARCHIVE, "s3://bucket/deps.zip"));
      assertThat(client.get_function("@hive#udf_db", "to_euro")).isEqualTo(loaded);

      assertThat(client.get_functions("udf_db", "*")).containsExactly("to_dollar", "to_euro");
      assertThat(client.get_functions("udf_db", "to_e*")).containsExactly("to_euro");
      assertThat(client.get_all_functions().getFunctions())
          .extracting(function -> function.getDbName() + "." + function.getFunctionName())
          .contains("udf_db.to_dollar", "udf_db.to_euro", "udf_other.to_yen");

      Function changed = loaded.deepCopy();
      changed.setClassName("com.example.ToEuroV2");
      changed.setResourceUris(List.of(new ResourceUri(ResourceType.FILE, "s3://bucket/rates")));
      client.alter_function("udf_db", "to_euro", changed);
      Function altered = client.get_function("udf_db", "to_euro");
      assertThat(altered.getClassName()).isEqualTo("com.example.ToEuroV2");
      assertThat(altered.getResourceUris())
          .containsExactly(new ResourceUri(ResourceType.FILE, "s3://bucket/rates"));
      assertThat(altered.getCreateTime()).isEqualTo(loaded.getCreateTime());

      Function renamed = altered.deepCopy();
      renamed.setFunctionName("to_eur");
      client.alter_function("udf_db", "to_euro", renamed);
      assertThat(client.get_functions("udf_db", null)).containsExactly("to_dollar", "to_eur");

      client.drop_function("udf_db", "to_eur");
      client.drop_function("udf_db", "TO_DOLLAR");
      assertThat(client.get_functions("udf_db", "*")).isEmpty();

      // As in HMS: a database with functions is not empty; cascade drops them.
      assertThatThrownBy(() -> client.drop_database("udf_other", false, false))
          .isInstanceOf(InvalidOperationException.class);
      client.drop_database("udf_other", false, true);
      assertThat(client.get_all_functions().getFunctions())
          .extracting(Function::getFunctionName)
          .doesNotContain("to_yen");
      client.drop_database("udf_db", false, false);
    }
  }

  @Test
  void errorsAreTheExceptionsHiveDeclares() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("udf_errors", "", "s3://warehouse/e", Map.of()));
      client.create_function(function("udf_errors", "f", "com.example.F"));

      assertThatThrownBy(() -> client.create_function(function("udf_errors", "F", "com.example.G")))
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("udf_errors.f");
      assertThatThrownBy(() -> client.create_function(function("nowhere", "f", "com.example.F")))
          .isInstanceOf(NoSuchObjectException.class)
          .hasMessageContaining("nowhere");
      assertThatThrownBy(() -> client.create_function(function("udf_errors", "g", null)))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessageContaining("class name");
      assertThatThrownBy(
              () -> client.create_function(function("udf_errors", "a/b", "com.example.F")))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessageContaining("'/'");

      assertThatThrownBy(() -> client.get_function("udf_errors", "missing"))
          .isInstanceOf(NoSuchObjectException.class)
          .hasMessageContaining("missing");
      assertThatThrownBy(() -> client.drop_function("udf_errors", "missing"))
          .isInstanceOf(NoSuchObjectException.class);
      // alter_function declares only InvalidOperationException and MetaException.
      assertThatThrownBy(
              () ->
                  client.alter_function(
                      "udf_errors", "missing", function("udf_errors", "missing", "com.example.F")))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("does not exist");
      Function moved = function("udf_other_db", "f", "com.example.F");
      assertThatThrownBy(() -> client.alter_function("udf_errors", "f", moved))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("another database");
      assertThatThrownBy(() -> client.get_functions("nowhere", "*"))
          .isInstanceOf(MetaException.class);

      assertThat(client.get_function("udf_errors", "f").getClassName()).isEqualTo("com.example.F");
      client.drop_database("udf_errors", false, true);
    }
  }
}
