package io.cairn.thrift;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/** A Cairn server on free ports over a SQLite store in a test's directory, for Thrift tests. */
final class ThriftTestServer implements AutoCloseable {
  private final CairnServer server;

  private ThriftTestServer(CairnServer server) {
    this.server = server;
  }

  static ThriftTestServer start(Path dataDirectory) {
    return start(dataDirectory, Map.of());
  }

  /** With further configuration keys set, as the command line would. */
  static ThriftTestServer start(Path dataDirectory, Map<String, String> configuration) {
    Map<String, String> overrides = new HashMap<>(configuration);
    overrides.put(ServerConfig.HTTP_PORT, "0");
    overrides.put(ServerConfig.THRIFT_PORT, "0");
    overrides.put(ServerConfig.DATA_DIR, dataDirectory.toString());
    return new ThriftTestServer(
        CairnServer.start(ServerConfig.resolve(Map.of(), Map.of(), overrides)));
  }

  int thriftPort() {
    return server.thriftPort();
  }

  /**
   * The server's catalog service, for what no protocol does (an import, as `cairn import` runs).
   */
  CatalogService catalogService() {
    return server.catalogService();
  }

  /** A new open connection; the caller closes it. */
  TSocket open() throws TTransportException {
    TSocket socket = new TSocket("127.0.0.1", server.thriftPort());
    socket.open();
    return socket;
  }

  /** Hive 4's generated client (the stub HiveMetaStoreClient wraps) over {@code socket}. */
  static ThriftHiveMetastore.Client client(TSocket socket) {
    return new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
  }

  @Override
  public void close() {
    server.close();
  }
}
