package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.CatalogException;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.ValidationException;
import io.cairn.locks.NoSuchLockException;
import io.cairn.locks.NoSuchTransactionException;
import io.cairn.locks.TransactionAbortedException;
import io.cairn.locks.TransactionOpenException;
import io.cairn.server.Metrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.NoSuchTxnException;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.TxnAbortedException;
import org.apache.hadoop.hive.metastore.api.TxnOpenException;
import org.apache.hadoop.hive.metastore.api.UnknownDBException;
import org.apache.hadoop.hive.metastore.api.UnknownTableException;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between Thrift's generated processor and the handlers ({@link HiveMetastoreHandler}, ...):
 * times every call, and turns the domain's errors into the Thrift exception the called method
 * declares (HMS methods each declare their own subset), an unimplemented method into a clean
 * TApplicationException that names it, and anything unexpected into an internal error without a
 * stack trace on the wire.
 */
final class HandlerInvocation implements InvocationHandler {
  private static final Logger log = LoggerFactory.getLogger(HandlerInvocation.class);

  private final Metrics metrics;
  private final Map<Method, Implementation> implementations;

  /**
   * @param handlers objects whose public methods implement Thrift methods: each has the name and
   *     parameter types of a {@code ThriftHiveMetastore.Iface} method, and no two handlers
   *     implement the same one
   */
  HandlerInvocation(List<Object> handlers, Metrics metrics) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.implementations = implementations(handlers);
  }

  /** A handler object and its method that implements one Thrift method. */
  private record Implementation(Object handler, Method method) {}

  /**
   * Pairs each interface method with the handler method of the same signature; a public handler
   * method that matches none is a mistake (a typo would otherwise silently answer "unsupported").
   */
  private static Map<Method, Implementation> implementations(List<Object> handlers) {
    Map<Method, Implementation> implementations = new HashMap<>();
    for (Object handler : handlers) {
      for (Method method : handler.getClass().getDeclaredMethods()) {
        if (!Modifier.isPublic(method.getModifiers()) || method.isSynthetic()) {
          continue;
        }
        Method declared;
        try {
          declared =
              ThriftHiveMetastore.Iface.class.getMethod(
                  method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
          throw new IllegalStateException(
              handler.getClass().getSimpleName()
                  + "."
                  + method.getName()
                  + " matches no Thrift method",
              e);
        }
        method.setAccessible(true);
        Implementation previous =
            implementations.put(declared, new Implementation(handler, method));
        if (previous != null) {
          throw new IllegalStateException(
              method.getName() + " is implemented twice, also by " + previous.handler().getClass());
        }
      }
    }
    return Map.copyOf(implementations);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(this, arguments);
    }
    Implementation implementation = implementations.get(method);
    if (implementation == null) {
      log.debug("{} is not supported", method.getName());
      throw new TApplicationException(
          TApplicationException.UNKNOWN_METHOD,
          "Cairn does not support the Hive Metastore method '" + method.getName() + "'");
    }
    try {
      return metrics.time("thrift", method.getName(), () -> call(implementation, arguments));
    } catch (CatalogException e) {
      log.debug("{} failed: {}", method.getName(), e.getMessage());
      throw translate(e, List.of(method.getExceptionTypes()));
    } catch (CheckedFailure e) {
      throw e.getCause();
    } catch (NullPointerException e) {
      // A required argument the client left out (Hive's structs allow nulls everywhere); Hive
      // answers those with a MetaException too.
      log.warn("{} failed on a missing argument: {}", method.getName(), e.getMessage());
      throw translate(
          new ValidationException(
              "a required argument of "
                  + method.getName()
                  + " is missing"
                  + (e.getMessage() == null ? "" : ": " + e.getMessage())),
          List.of(method.getExceptionTypes()).contains(MetaException.class)
              ? List.<Class<?>>of(MetaException.class)
              : List.<Class<?>>of());
    } catch (RuntimeException | Error e) {
      log.error("{} failed", method.getName(), e);
      throw new TApplicationException(
          TApplicationException.INTERNAL_ERROR, "internal error in " + method.getName());
    }
  }

  private static Object call(Implementation implementation, Object[] arguments) {
    try {
      return implementation.method().invoke(implementation.handler(), arguments);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new CheckedFailure((Exception) cause);
    }
  }

  /**
   * The most specific exception the method declares for {@code e}; MetaException otherwise, or a
   * TApplicationException with the message where the method does not declare MetaException.
   */
  static TException translate(CatalogException e, List<Class<?>> declared) {
    String message = e.getMessage();
    if (e instanceof NoSuchLockException
        && declared.contains(org.apache.hadoop.hive.metastore.api.NoSuchLockException.class)) {
      return new org.apache.hadoop.hive.metastore.api.NoSuchLockException(message);
    }
    if (e instanceof NoSuchTransactionException && declared.contains(NoSuchTxnException.class)) {
      return new NoSuchTxnException(message);
    }
    if (e instanceof TransactionAbortedException && declared.contains(TxnAbortedException.class)) {
      return new TxnAbortedException(message);
    }
    if (e instanceof TransactionOpenException && declared.contains(TxnOpenException.class)) {
      return new TxnOpenException(message);
    }
    if (e instanceof MissingArgumentException && declared.contains(MetaException.class)) {
      return new MetaException(message);
    }
    if (e instanceof NotFoundException) {
      if (declared.contains(NoSuchObjectException.class)) {
        return new NoSuchObjectException(message);
      }
      if (declared.contains(UnknownTableException.class)
          && e instanceof io.cairn.catalog.NoSuchTableException) {
        return new UnknownTableException(message);
      }
      if (declared.contains(UnknownDBException.class)) {
        return new UnknownDBException(message);
      }
    } else if (e instanceof AlreadyExistsException) {
      if (declared.contains(org.apache.hadoop.hive.metastore.api.AlreadyExistsException.class)) {
        return new org.apache.hadoop.hive.metastore.api.AlreadyExistsException(message);
      }
    } else if (e instanceof ValidationException) {
      if (declared.contains(InvalidObjectException.class)) {
        return new InvalidObjectException(message);
      }
    } else if (e instanceof InvalidOperationException) {
      if (declared.contains(org.apache.hadoop.hive.metastore.api.InvalidOperationException.class)) {
        return new org.apache.hadoop.hive.metastore.api.InvalidOperationException(message);
      }
    }
    if (declared.contains(MetaException.class)) {
      return new MetaException(message);
    }
    // Methods such as lock and show_locks declare no MetaException; the generated processor would
    // turn one into "Internal error processing ...", so send the message itself.
    return new TApplicationException(TApplicationException.UNKNOWN, message);
  }

  /** Carries a checked exception the handler threw through {@link Metrics#time}. */
  private static final class CheckedFailure extends RuntimeException {
    CheckedFailure(Exception cause) {
      super(cause);
    }
  }
}
