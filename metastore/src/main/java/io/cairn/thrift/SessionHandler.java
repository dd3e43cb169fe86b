package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import com.facebook.fb303.fb_status;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.transport.TTransport;

/**
 * What belongs to one Thrift connection: the user {@code set_ugi} names and the metastore settings
 * the client changed with {@code setMetaConf}, plus fb303's identity calls. The thread-per-
 * connection server runs every call of a connection on one thread, so the state is thread-local;
 * {@link #connectionEvents} clears it when a connection opens and closes.
 */
final class SessionHandler {
  /**
   * The settings a client may read and change for its own connection, as Hive's metastore allows,
   * each under its {@code metastore.*} and {@code hive.metastore.*} name, with Hive's default.
   */
  private static final List<MetaConfVariable> META_CONF_VARIABLES =
      List.of(
          new MetaConfVariable("try.direct.sql", "true", Kind.BOOLEAN),
          new MetaConfVariable("try.direct.sql.ddl", "true", Kind.BOOLEAN),
          new MetaConfVariable("client.socket.timeout", "600s", Kind.DURATION),
          new MetaConfVariable("partition.name.whitelist.pattern", "", Kind.PATTERN),
          new MetaConfVariable("partition.order.expr", "\"PART_NAME\" asc", Kind.TEXT),
          new MetaConfVariable("client.capability.check", "true", Kind.BOOLEAN),
          new MetaConfVariable("disallow.incompatible.col.type.changes", "true", Kind.BOOLEAN),
          new MetaConfVariable(
              "expression.proxy",
              "org.apache.hadoop.hive.ql.optimizer.ppr.PartitionExpressionForMetastore",
              Kind.TEXT));

  private static final Map<String, MetaConfVariable> META_CONF = metaConfByName();

  private static final ThreadLocal<Map<String, String>> CHANGED_META_CONF =
      ThreadLocal.withInitial(HashMap::new);

  private final String version;
  private final Instant started;

  SessionHandler(String version, Instant started) {
    this.version = requireNonNull(version, "version is null");
    this.started = requireNonNull(started, "started is null");
  }

  /** Clears a connection's state when it opens and when it closes. */
  static TServerEventHandler connectionEvents() {
    return new TServerEventHandler() {
      @Override
      public void preServe() {}

      @Override
      public ServerContext createContext(TProtocol input, TProtocol output) {
        CHANGED_META_CONF.remove();
        return null;
      }

      @Override
      public void deleteContext(ServerContext context, TProtocol input, TProtocol output) {
        CHANGED_META_CONF.remove();
      }

      @Override
      public void processContext(ServerContext context, TTransport input, TTransport output) {}
    };
  }

  public List<String> set_ugi(String userName, List<String> groupNames) {
    return groupNames == null ? List.of() : groupNames;
  }

  /** fb303's shutdown: Spark's Hive client sends it when it closes a connection. */
  public void shutdown() {}

  public String getVersion() {
    return version;
  }

  public String getName() {
    return "Cairn";
  }

  public fb_status getStatus() {
    return fb_status.ALIVE;
  }

  public long aliveSince() {
    return started.getEpochSecond();
  }

  public String get_config_value(String name, String defaultValue) {
    return defaultValue;
  }

  public String getMetaConf(String key) throws MetaException {
    MetaConfVariable variable = metaConfVariable(key);
    return CHANGED_META_CONF.get().getOrDefault(variable.name(), variable.defaultValue());
  }

  /** Changes a setting for this connection only, as Hive's metastore does. */
  public void setMetaConf(String key, String value) throws MetaException {
    MetaConfVariable variable = metaConfVariable(key);
    String problem = variable.kind().problem(value);
    if (problem != null) {
      throw new MetaException(
          "Invalid configuration value " + value + " for key " + key + ": " + problem);
    }
    CHANGED_META_CONF.get().put(variable.name(), value);
  }

  private static MetaConfVariable metaConfVariable(String key) throws MetaException {
    MetaConfVariable variable = key == null ? null : META_CONF.get(key);
    if (variable == null) {
      throw new MetaException("Invalid configuration key " + key);
    }
    return variable;
  }

  private static Map<String, MetaConfVariable> metaConfByName() {
    Map<String, MetaConfVariable> byName = new HashMap<>();
    for (MetaConfVariable variable : META_CONF_VARIABLES) {
      byName.put(variable.name(), variable);
      byName.put("hive.metastore." + variable.suffix(), variable);
    }
    return Map.copyOf(byName);
  }

  private record MetaConfVariable(String suffix, String defaultValue, Kind kind) {
    String name() {
      return "metastore." + suffix;
    }
  }

  private enum Kind {
    BOOLEAN,
    DURATION,
    PATTERN,
    TEXT;

    /** Why {@code value} is not a value of this kind, or null when it is one. */
    String problem(String value) {
      if (value == null) {
        return "no value";
      }
      switch (this) {
        case BOOLEAN -> {
          String lower = value.toLowerCase(Locale.ROOT);
          return lower.equals("true") || lower.equals("false") ? null : "not true or false";
        }
        case DURATION -> {
          return durationProblem(value);
        }
        case PATTERN -> {
          try {
            Pattern.compile(value);
            return null;
          } catch (PatternSyntaxException e) {
            return e.getDescription();
          }
        }
        default -> {
          return null;
        }
      }
    }

    /**
     * A duration as Hive writes it: a number of seconds, or a number with a unit (ms, s, m, h, d).
     */
    private static String durationProblem(String value) {
      String number = value.trim().toLowerCase(Locale.ROOT).replaceAll("(ms|s|m|min|h|d)$", "");
      try {
        return Duration.ofSeconds(Long.parseLong(number.trim())).isNegative()
            ? "a negative duration"
            : null;
      } catch (NumberFormatException e) {
        return "not a duration such as 600s";
      }
    }
  }
}
