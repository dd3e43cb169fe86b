package io.cairn.benchmark;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * One connection with Hive's generated Thrift client (binary protocol, buffered transport, as
 * HiveMetaStoreClient opens without SASL), so both servers receive byte-for-byte the same calls.
 */
final class MetastoreConnection implements AutoCloseable {
  /** Long enough for the stock metastore to add 10,000 partitions in one call. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(30);

  private final TSocket socket;
  private final ThriftHiveMetastore.Client client;

  private MetastoreConnection(TSocket socket) {
    this.socket = requireNonNull(socket, "socket is null");
    this.client = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
  }

  static MetastoreConnection open(int port) throws TTransportException {
    TSocket socket = new TSocket("127.0.0.1", port, (int) SOCKET_TIMEOUT.toMillis());
    socket.open();
    return new MetastoreConnection(socket);
  }

  ThriftHiveMetastore.Client client() {
    return client;
  }

  @Override
  public void close() {
    socket.close();
  }
}
