package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Glue's CSV fields, shared by the CSV source and CSV targets: {@code Separator} and {@code
 * QuoteChar} by Glue's names, {@code Escaper} one character. Both sides read them the same way, so
 * a job reads back what another wrote with the same fields.
 */
final class CsvOptions {
  /** Glue's {@code Separator} names. */
  private static final Map<String, String> SEPARATORS =
      Map.of("comma", ",", "ctrla", "\u0001", "pipe", "|", "semicolon", ";", "tab", "\t");

  /** Glue's {@code QuoteChar} names; {@code disabled} is Spark's empty quote. */
  private static final Map<String, String> QUOTES =
      Map.of("quote", "\"", "quillemet", "«", "single_quote", "'", "disabled", "");

  private CsvOptions() {}

  static void validate(JsonNode configuration, List<String> problems) {
    Settings.requireOneOf(configuration, "Separator", SEPARATORS.keySet(), problems);
    Settings.requireOneOf(configuration, "QuoteChar", QUOTES.keySet(), problems);
    Settings.text(configuration, "Escaper")
        .filter(escaper -> escaper.length() != 1)
        .ifPresent(escaper -> problems.add("Escaper must be one character, not '" + escaper + "'"));
  }

  /** Spark's CSV options ({@code sep}, {@code quote}, {@code escape}) for the fields. */
  static Map<String, String> spark(JsonNode configuration) {
    String separator = SEPARATORS.get(Settings.text(configuration, "Separator").orElse("comma"));
    String quote = QUOTES.get(Settings.text(configuration, "QuoteChar").orElse("quote"));
    return Settings.text(configuration, "Escaper")
        .map(escaper -> Map.of("sep", separator, "quote", quote, "escape", escaper))
        .orElseGet(() -> Map.of("sep", separator, "quote", quote));
  }
}
