package io.cairn.catalog;

/** Which page to read: {@code token} from the previous page (null for the first), and its size. */
public record PageRequest(String token, int size) {
  public static final int MAX_SIZE = 100_000;

  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new ValidationException(
          "page size must be between 1 and " + MAX_SIZE + ", was " + size);
    }
  }

  public static PageRequest first(int size) {
    return new PageRequest(null, size);
  }
}
