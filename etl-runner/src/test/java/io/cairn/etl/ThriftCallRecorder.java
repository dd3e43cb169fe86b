package io.cairn.etl;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TIOStreamTransport;

/**
 * A loopback TCP relay between a Hive Metastore client and Cairn's Thrift port that reads the
 * message headers passing through it (binary protocol, buffered transport, as Spark's Hive 2.3
 * client and Iceberg's HiveCatalog speak it) and records every method Cairn answers with its "does
 * not support" TApplicationException.
 *
 * <p>Spark's Hive client swallows some failed calls (it falls back or ignores them), so watching
 * the wire is the only way to see every method a client needs that Cairn does not serve. Bytes are
 * relayed unchanged, one whole message at a time.
 */
final class ThriftCallRecorder implements AutoCloseable {
  private static final String UNSUPPORTED_PREFIX =
      "Cairn does not support the Hive Metastore method";

  private final int targetPort;
  private final ServerSocket listener;
  private final Set<String> unsupportedMethods = new TreeSet<>();
  private final List<Socket> sockets = new ArrayList<>();

  private ThriftCallRecorder(int targetPort, ServerSocket listener) {
    this.targetPort = targetPort;
    this.listener = listener;
  }

  /** Relays a free loopback port to {@code targetPort} on loopback. */
  static ThriftCallRecorder start(int targetPort) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ThriftCallRecorder recorder = new ThriftCallRecorder(targetPort, listener);
    Thread acceptor = new Thread(recorder::acceptConnections, "thrift-recorder-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return recorder;
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The methods Cairn has answered with "Cairn does not support …", in name order. */
  synchronized Set<String> unsupportedMethods() {
    return Collections.unmodifiableSet(new TreeSet<>(unsupportedMethods));
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      synchronized (this) {
        sockets.forEach(ThriftCallRecorder::closeQuietly);
      }
    }
  }

  private void acceptConnections() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (this) {
          sockets.add(client);
          sockets.add(server);
        }
        relay("thrift-recorder-calls", client, server);
        relay("thrift-recorder-replies", server, client);
      } catch (IOException e) {
        // The listener was closed, or the server is gone; either way nothing more to relay.
        return;
      }
    }
  }

  private void relay(String name, Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try {
                relayMessages(from.getInputStream(), to.getOutputStream());
              } catch (IOException | TException e) {
                // End of stream or a closed socket: the connection is over.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads one message at a time, copying every byte read to {@code output}, then flushes. */
  private void relayMessages(InputStream input, OutputStream output)
      throws IOException, TException {
    OutputStream relayed = new BufferedOutputStream(output);
    InputStream copying = new CopyingInputStream(new BufferedInputStream(input), relayed);
    TProtocol protocol = new TBinaryProtocol(new TIOStreamTransport(copying));
    while (true) {
      TMessage message = protocol.readMessageBegin();
      if (message.type == TMessageType.EXCEPTION) {
        TApplicationException exception = TApplicationException.readFrom(protocol);
        if (String.valueOf(exception.getMessage()).startsWith(UNSUPPORTED_PREFIX)) {
          recordUnsupported(message.name);
        }
      } else {
        TProtocolUtil.skip(protocol, TType.STRUCT);
      }
      protocol.readMessageEnd();
      relayed.flush();
    }
  }

  private synchronized void recordUnsupported(String method) {
    unsupportedMethods.add(method);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed by the other direction.
    }
  }

  /** Copies every byte read from the wrapped stream to {@code copy}. */
  private static final class CopyingInputStream extends FilterInputStream {
    private final OutputStream copy;

    CopyingInputStream(InputStream input, OutputStream copy) {
      super(input);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int value = super.read();
      if (value >= 0) {
        copy.write(value);
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int count = super.read(buffer, offset, length);
      if (count > 0) {
        copy.write(buffer, offset, count);
      }
      return count;
    }
  }
}
