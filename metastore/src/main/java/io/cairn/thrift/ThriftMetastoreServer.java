package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.server.CairnVersion;
import io.cairn.server.Metrics;
import io.cairn.service.CatalogService;
import io.cairn.service.ConstraintService;
import io.cairn.service.LockService;
import io.cairn.service.PrivilegeService;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hive Metastore Thrift endpoint: binary protocol, buffered transport (framed as an option),
 * one thread per connection as Hive's own metastore does, since clients such as Trino open a
 * connection per call.
 */
public final class ThriftMetastoreServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ThriftMetastoreServer.class);

  /** Bounds on what one message may declare, so a garbage frame cannot allocate gigabytes. */
  private static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

  private static final int MAX_CONTAINER_LENGTH = 10_000_000;
  private static final int MAX_FRAME_SIZE = 256 * 1024 * 1024;

  private final TServerSocket socket;
  private final TServer server;
  private final Thread serveThread;

  private ThriftMetastoreServer(TServerSocket socket, TServer server) {
    this.socket = requireNonNull(socket, "socket is null");
    this.server = requireNonNull(server, "server is null");
    this.serveThread = new Thread(server::serve, "cairn-thrift-accept");
  }

  /** Opens the port and starts serving in the background. */
  public static ThriftMetastoreServer start(
      String bind,
      int port,
      boolean framed,
      int maxConnections,
      CatalogService service,
      String warehouse,
      LockService locks,
      PrivilegeService privileges,
      ConstraintService constraints,
      Metrics metrics) {
    TServerSocket socket;
    try {
      socket = new TServerSocket(new InetSocketAddress(bind, port));
    } catch (TTransportException e) {
      throw new IllegalStateException(
          "cannot listen for Thrift on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    HiveMetastoreHandler tables = new HiveMetastoreHandler(service, warehouse);
    ThriftHiveMetastore.Iface handler =
        (ThriftHiveMetastore.Iface)
            Proxy.newProxyInstance(
                ThriftMetastoreServer.class.getClassLoader(),
                new Class<?>[] {ThriftHiveMetastore.Iface.class},
                new HandlerInvocation(
                    List.of(
                        new SessionHandler(CairnVersion.version(), Instant.now()),
                        new CatalogHandler(service),
                        tables,
                        new TableMetadataHandler(service),
                        new PartitionMaintenanceHandler(service),
                        new FunctionHandler(service),
                        new StatisticsHandler(service),
                        new NotificationHandler(service),
                        new LockHandler(locks, service.defaultCatalog()),
                        new PrivilegeHandler(privileges, service.defaultCatalog()),
                        new ConstraintHandler(constraints, tables, service.defaultCatalog())),
                    metrics));
    TThreadPoolServer.Args args =
        new TThreadPoolServer.Args(socket)
            .processor(new MetastoreProcessor(handler))
            .protocolFactory(
                new TBinaryProtocol.Factory(true, true, MAX_STRING_LENGTH, MAX_CONTAINER_LENGTH))
            .minWorkerThreads(4)
            .maxWorkerThreads(maxConnections)
            .stopTimeoutVal(5)
            .stopTimeoutUnit(TimeUnit.SECONDS);
    if (framed) {
      args.transportFactory(new TFramedTransport.Factory(MAX_FRAME_SIZE));
    }
    TThreadPoolServer threadPoolServer = new TThreadPoolServer(args);
    threadPoolServer.setServerEventHandler(SessionHandler.connectionEvents());
    ThriftMetastoreServer server = new ThriftMetastoreServer(socket, threadPoolServer);
    server.serveThread.start();
    log.info("Hive Metastore Thrift serving on {}:{}", bind, server.port());
    return server;
  }

  public int port() {
    return socket.getServerSocket().getLocalPort();
  }

  @Override
  public void close() {
    server.stop();
    try {
      serveThread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
