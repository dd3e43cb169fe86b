package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many connections, and over which transport, the Thrift port serves. */
class ThriftConnectionsIT {
  private static final int CONNECTIONS = 200;

  @Test
  void twoHundredConnectionsOpenAtOnceAllGetAnswers(@TempDir Path dataDirectory) throws Exception {
    try (ThriftTestServer server = ThriftTestServer.start(dataDirectory)) {
      try (TSocket socket = server.open()) {
        ThriftTestServer.client(socket)
            .create_database(new Database("busy", "", "s3://warehouse/busy", Map.of()));
      }
      ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
      CountDownLatch allOpen = new CountDownLatch(CONNECTIONS);
      try {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
          answers.add(
              threads.submit(
                  () -> {
                    try (TSocket socket = server.open()) {
                      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
                      client.set_ugi("user", List.of());
                      allOpen.countDown();
                      // Every connection stays open until all are, so all are served at once.
                      assertThat(allOpen.await(60, TimeUnit.SECONDS)).isTrue();
                      return client.get_database("busy").getName();
                    }
                  }));
        }
        for (Future<String> answer : answers) {
          assertThat(answer.get(120, TimeUnit.SECONDS)).isEqualTo("busy");
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void framedTransportWhenConfigured(@TempDir Path dataDirectory) throws Exception {
    try (ThriftTestServer server =
        ThriftTestServer.start(dataDirectory, Map.of(ServerConfig.THRIFT_TRANSPORT, "framed"))) {
      try (TSocket socket = new TSocket("127.0.0.1", server.thriftPort())) {
        TFramedTransport framed = new TFramedTransport(socket);
        framed.open();
        ThriftHiveMetastore.Client client =
            new ThriftHiveMetastore.Client(new TBinaryProtocol(framed));
        client.create_database(new Database("framed", "", "s3://warehouse/framed", Map.of()));
        assertThat(client.get_all_databases()).contains("framed");
      }
    }
  }
}
