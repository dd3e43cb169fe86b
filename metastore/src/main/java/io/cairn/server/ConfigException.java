package io.cairn.server;

/** The server configuration is invalid: an unknown key, an unparsable value, an unreadable file. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
