package io.cairn.projection;

/**
 * A table's projection rules are invalid, or a request cannot be answered from them. The message
 * names the offending property (for example {@code projection.day.range}) or the limit exceeded.
 */
public final class ProjectionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ProjectionException(String message) {
    super(message);
  }

  static ProjectionException invalid(String property, String value, String reason) {
    return new ProjectionException(
        "Invalid partition projection property %s = '%s': %s".formatted(property, value, reason));
  }
}
