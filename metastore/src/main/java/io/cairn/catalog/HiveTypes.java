package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hive column type strings: validation into one canonical spelling, and the classification the
 * partition filter needs.
 *
 * <p>The canonical form has lower-case keywords, no whitespace except inside {@code double}'s and
 * {@code timestamp with local time zone}'s fixed spellings, aliases resolved ({@code integer} is
 * {@code int}, {@code double precision} is {@code double}, a bare {@code decimal} is {@code
 * decimal(10,0)}, Hive's default) and explicit decimal scale. Struct field names keep the case the
 * client wrote, because engines such as Spark read the names back case-sensitively; they are
 * compared case-insensitively for duplicates, as Hive resolves them.
 */
public final class HiveTypes {
  /** How a partition key's values compare in a partition filter. */
  public enum PartitionKeyKind {
    /** Compared as text: string, varchar, char, boolean and everything else. */
    STRING,
    /** tinyint, smallint, int, bigint: compared as numbers. */
    INTEGRAL,
    /** decimal, float, double: compared as numbers. */
    DECIMAL,
    /** date: compared as calendar days; values are written {@code yyyy-MM-dd}. */
    DATE,
    /**
     * timestamp: compared as date and time; values are written {@code yyyy-MM-dd HH:mm:ss[.f…]}.
     */
    TIMESTAMP
  }

  /**
   * Bounds recursion on hostile input; real schemas nest a handful of levels, and this keeps the
   * parser far from a stack overflow.
   */
  private static final int MAX_NESTING_DEPTH = 100;

  private static final int MAX_DECIMAL_PRECISION = 38;
  private static final int DEFAULT_DECIMAL_PRECISION = 10;
  private static final int MAX_VARCHAR_LENGTH = 65535;
  private static final int MAX_CHAR_LENGTH = 255;
  private static final int MAX_QUOTED_TYPE_LENGTH = 200;

  private HiveTypes() {}

  /**
   * The canonical spelling of a Hive type.
   *
   * @throws ValidationException naming the problem and its position (counted from 1) when {@code
   *     type} is not a valid Hive type
   */
  public static String normalize(String type) {
    requireNonNull(type, "type is null");
    Parser parser = new Parser(type);
    String result = parser.parseType(0).text();
    parser.expectEnd();
    return result;
  }

  /**
   * How values of a partition key of this type compare. A type that does not parse compares as
   * text, as Hive does for partition key types it cannot push down; such a type cannot be created
   * through Cairn, but older catalogs may hold one.
   */
  public static PartitionKeyKind partitionKeyKind(String type) {
    requireNonNull(type, "type is null");
    String canonical;
    try {
      canonical = normalize(type);
    } catch (ValidationException notAType) {
      return PartitionKeyKind.STRING;
    }
    return switch (canonical) {
      case "tinyint", "smallint", "int", "bigint" -> PartitionKeyKind.INTEGRAL;
      case "float", "double" -> PartitionKeyKind.DECIMAL;
      case "date" -> PartitionKeyKind.DATE;
      case "timestamp" -> PartitionKeyKind.TIMESTAMP;
      default ->
          canonical.startsWith("decimal(") ? PartitionKeyKind.DECIMAL : PartitionKeyKind.STRING;
    };
  }

  /** True for the integral and decimal types, whose partition values compare as numbers. */
  public static boolean isNumeric(String type) {
    PartitionKeyKind kind = partitionKeyKind(type);
    return kind == PartitionKeyKind.INTEGRAL || kind == PartitionKeyKind.DECIMAL;
  }

  /** A parsed type in canonical spelling; only primitive types may be map keys. */
  private record ParsedType(String text, boolean primitive) {}

  /** Recursive descent over the type string; positions in messages count from 1. */
  private static final class Parser {
    private final String type;
    private int position;

    Parser(String type) {
      this.type = type;
    }

    ParsedType parseType(int enclosingComplexTypes) {
      skipWhitespace();
      int start = position;
      String word = readWord();
      if (word.isEmpty()) {
        throw unexpected("a type");
      }
      String keyword = word.toLowerCase(Locale.ROOT);
      return switch (keyword) {
        case "boolean",
                "tinyint",
                "smallint",
                "int",
                "bigint",
                "float",
                "string",
                "date",
                "binary",
                "void",
                "interval_year_month",
                "interval_day_time" ->
            primitive(keyword);
        case "integer" -> primitive("int");
        case "double" -> {
          consumeWord("precision");
          yield primitive("double");
        }
        case "timestamp" -> {
          if (!consumeWord("with")) {
            yield primitive("timestamp");
          }
          expectWord("local");
          expectWord("time");
          expectWord("zone");
          yield primitive("timestamp with local time zone");
        }
        case "decimal" -> primitive(parseDecimal());
        case "varchar" -> primitive("varchar(" + parseLength("varchar", MAX_VARCHAR_LENGTH) + ")");
        case "char" -> primitive("char(" + parseLength("char", MAX_CHAR_LENGTH) + ")");
        case "array", "map", "struct", "uniontype" -> {
          if (enclosingComplexTypes >= MAX_NESTING_DEPTH) {
            throw error(
                "type nests deeper than "
                    + MAX_NESTING_DEPTH
                    + " levels at position "
                    + (start + 1));
          }
          yield new ParsedType(parseComplex(keyword, enclosingComplexTypes + 1), false);
        }
        default -> throw error("unknown type '" + word + "' at position " + (start + 1));
      };
    }

    private static ParsedType primitive(String text) {
      return new ParsedType(text, true);
    }

    private String parseComplex(String keyword, int depth) {
      expect('<');
      StringBuilder result = new StringBuilder(keyword).append('<');
      switch (keyword) {
        case "array" -> result.append(parseType(depth).text());
        case "map" -> {
          skipWhitespace();
          int keyStart = position;
          ParsedType key = parseType(depth);
          if (!key.primitive()) {
            throw error(
                "map key type must be primitive, got '"
                    + key.text()
                    + "' at position "
                    + (keyStart + 1));
          }
          expect(',');
          result.append(key.text()).append(',').append(parseType(depth).text());
        }
        case "struct" -> parseStructFields(result, depth);
        case "uniontype" -> {
          result.append(parseType(depth).text());
          while (skipWhitespaceAndConsume(',')) {
            result.append(',').append(parseType(depth).text());
          }
        }
        default -> throw new IllegalStateException("not a complex type: " + keyword);
      }
      expect('>');
      return result.append('>').toString();
    }

    private void parseStructFields(StringBuilder result, int depth) {
      Set<String> seen = new HashSet<>();
      do {
        skipWhitespace();
        int nameStart = position;
        String name = parseFieldName();
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
          throw error("duplicate struct field name '" + name + "' at position " + (nameStart + 1));
        }
        expect(':');
        if (seen.size() > 1) {
          result.append(',');
        }
        result.append(quoteFieldName(name)).append(':').append(parseType(depth).text());
      } while (skipWhitespaceAndConsume(','));
    }

    /** A bare name of letters, digits and underscores, or any text in backquotes ({@code ``}). */
    private String parseFieldName() {
      if (position < type.length() && type.charAt(position) == '`') {
        int start = position;
        StringBuilder name = new StringBuilder();
        position++;
        while (true) {
          if (position >= type.length()) {
            throw error("unterminated quoted field name starting at position " + (start + 1));
          }
          char character = type.charAt(position);
          if (character == '`') {
            if (position + 1 < type.length() && type.charAt(position + 1) == '`') {
              name.append('`');
              position += 2;
              continue;
            }
            position++;
            break;
          }
          if (Character.isISOControl(character)) {
            throw error("control character in struct field name at position " + (position + 1));
          }
          name.append(character);
          position++;
        }
        if (name.isEmpty()) {
          throw error("empty struct field name at position " + (start + 1));
        }
        return name.toString();
      }
      String name = readWord();
      if (name.isEmpty()) {
        throw unexpected("a struct field name");
      }
      return name;
    }

    private static String quoteFieldName(String name) {
      boolean bare = name.chars().allMatch(Parser::isWordCharacter);
      return bare ? name : "`" + name.replace("`", "``") + "`";
    }

    private String parseDecimal() {
      if (!skipWhitespaceAndConsume('(')) {
        return "decimal(" + DEFAULT_DECIMAL_PRECISION + ",0)";
      }
      skipWhitespace();
      int precisionStart = position;
      String precisionText = readNumber();
      int precision = boundedValue(precisionText);
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
        throw error(
            "decimal precision must be between 1 and "
                + MAX_DECIMAL_PRECISION
                + ", got "
                + precisionText
                + " at position "
                + (precisionStart + 1));
      }
      int scale = 0;
      if (skipWhitespaceAndConsume(',')) {
        skipWhitespace();
        int scaleStart = position;
        String scaleText = readNumber();
        scale = boundedValue(scaleText);
        if (scale > precision) {
          throw error(
              "decimal scale must be between 0 and the precision "
                  + precision
                  + ", got "
                  + scaleText
                  + " at position "
                  + (scaleStart + 1));
        }
      } else if (!nextCharacterIs(')')) {
        throw unexpected("',' or ')'");
      }
      expect(')');
      return "decimal(" + precision + "," + scale + ")";
    }

    private int parseLength(String typeName, int maximum) {
      expect('(');
      skipWhitespace();
      int start = position;
      String text = readNumber();
      int length = boundedValue(text);
      if (length < 1 || length > maximum) {
        throw error(
            typeName
                + " length must be between 1 and "
                + maximum
                + ", got "
                + text
                + " at position "
                + (start + 1));
      }
      expect(')');
      return length;
    }

    /** The number, or {@link Integer#MAX_VALUE} for any number too long to be a valid bound. */
    private static int boundedValue(String digits) {
      String significant = digits.replaceFirst("^0+(?=.)", "");
      return significant.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(significant);
    }

    private String readNumber() {
      int start = position;
      while (position < type.length() && isAsciiDigit(type.charAt(position))) {
        position++;
      }
      if (start == position) {
        throw unexpected("a number");
      }
      return type.substring(start, position);
    }

    private String readWord() {
      int start = position;
      while (position < type.length() && isWordCharacter(type.charAt(position))) {
        position++;
      }
      return type.substring(start, position);
    }

    /** Consumes the next word if it is {@code expected}, ignoring case. */
    private boolean consumeWord(String expected) {
      int saved = position;
      skipWhitespace();
      if (readWord().equalsIgnoreCase(expected)) {
        return true;
      }
      position = saved;
      return false;
    }

    private void expectWord(String expected) {
      if (!consumeWord(expected)) {
        throw unexpected("'" + expected + "'");
      }
    }

    private void expect(char expected) {
      if (!skipWhitespaceAndConsume(expected)) {
        throw unexpected("'" + expected + "'");
      }
    }

    private boolean skipWhitespaceAndConsume(char expected) {
      skipWhitespace();
      if (nextCharacterIs(expected)) {
        position++;
        return true;
      }
      return false;
    }

    private boolean nextCharacterIs(char expected) {
      return position < type.length() && type.charAt(position) == expected;
    }

    void expectEnd() {
      skipWhitespace();
      if (position < type.length()) {
        throw unexpected("end of type");
      }
    }

    private void skipWhitespace() {
      while (position < type.length() && Character.isWhitespace(type.charAt(position))) {
        position++;
      }
    }

    /** Describes what is at the current position (after whitespace) and what should be there. */
    private ValidationException unexpected(String expected) {
      skipWhitespace();
      String found;
      if (position >= type.length()) {
        found = "end";
      } else {
        int saved = position;
        String word = readWord();
        position = saved;
        found = "'" + (word.isEmpty() ? String.valueOf(type.charAt(position)) : word) + "'";
      }
      return error(
          "unexpected " + found + " at position " + (position + 1) + "; expected " + expected);
    }

    private ValidationException error(String message) {
      String quoted =
          type.length() > MAX_QUOTED_TYPE_LENGTH
              ? type.substring(0, MAX_QUOTED_TYPE_LENGTH) + "..."
              : type;
      return new ValidationException(message + " in type '" + quoted + "'");
    }

    private static boolean isWordCharacter(int character) {
      return Character.isLetterOrDigit(character) || character == '_';
    }

    private static boolean isAsciiDigit(char character) {
      return character >= '0' && character <= '9';
    }
  }
}
