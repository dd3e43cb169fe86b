package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The Glue operations Cairn serves, by AWS's operation name. Serving one more is one {@link
 * #register} call in an area's {@code registerWith} plus the method that implements it.
 */
final class GlueOperations {
  /** One operation: the request document in, the response document out. */
  @FunctionalInterface
  interface Operation {
    /**
     * @throws io.cairn.catalog.CatalogException (or a {@link GlueException}) for the client's
     *     errors, which {@link GlueApi} answers in AWS's error shape
     */
    ObjectNode handle(GlueRequest request);
  }

  private final Map<String, Operation> operations = new HashMap<>();

  /** Serves {@code name} ({@code CreateTable}, not {@code AWSGlue.CreateTable}) with {@code op}. */
  GlueOperations register(String name, Operation operation) {
    requireNonNull(name, "name is null");
    requireNonNull(operation, "operation is null");
    if (operations.putIfAbsent(name, operation) != null) {
      throw new IllegalStateException("the Glue operation " + name + " is registered twice");
    }
    return this;
  }

  /** The operation of that name, or null. */
  Operation find(String name) {
    return operations.get(name);
  }
}
