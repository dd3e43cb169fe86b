package io.cairn.hivesuite;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Summarizes the failsafe XML reports of Hive's test suite: passed, failed, errors and skipped per
 * test class with totals, then the most frequent causes of failures and errors. Prints the result
 * and writes it as Markdown to the given file. Exits with an error only if no test ran or none
 * passed: Hive's tests failing is the expected outcome while Cairn does not serve every method.
 *
 * <p>Usage: {@code SuiteReport REPORTS_DIRECTORY OUTPUT_FILE}
 */
public final class SuiteReport {
  private static final int CAUSES_SHOWN = 40;
  private static final int MESSAGE_LENGTH = 160;
  private static final Pattern UNSUPPORTED =
      Pattern.compile("Cairn does not support the Hive Metastore method '([^']+)'");
  private static final Pattern INVALID_METHOD = Pattern.compile("Invalid method name: '([^']+)'");
  // A test's outcomes, in rising order of severity.
  private static final int PASSED = 0;
  private static final int SKIPPED = 1;
  private static final int FAILURE = 2;
  private static final int ERROR = 3;

  private SuiteReport() {}

  record ClassResult(
      String name, int tests, int failures, int errors, int skipped, double seconds) {
    ClassResult {
      requireNonNull(name, "name is null");
    }

    int passed() {
      return tests - failures - errors - skipped;
    }
  }

  record Problem(String test, String cause) {
    Problem {
      requireNonNull(test, "test is null");
      requireNonNull(cause, "cause is null");
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: SuiteReport REPORTS_DIRECTORY OUTPUT_FILE");
    }
    Path reports = Path.of(args[0]);
    List<Path> files = List.of();
    if (Files.isDirectory(reports)) {
      try (Stream<Path> listing = Files.list(reports)) {
        files =
            listing
                .filter(path -> path.getFileName().toString().matches("TEST-.*\\.xml"))
                .sorted()
                .toList();
      }
    }
    List<ClassResult> classes = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path file : files) {
      read(file, classes, problems);
    }
    int tests = classes.stream().mapToInt(ClassResult::tests).sum();
    int passed = classes.stream().mapToInt(ClassResult::passed).sum();
    if (tests == 0 || passed == 0) {
      // Not one passing test means the harness is broken (class path, server, configuration),
      // not that Cairn lacks some methods: Cairn passes dozens of Hive's database tests.
      throw new IllegalStateException(
          "Hive's suite did not run: "
              + tests
              + " tests, none passed (results in "
              + reports
              + "); see the failsafe output");
    }
    String markdown = render(classes, problems);
    System.out.println(markdown);
    Path output = Path.of(args[1]);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, markdown);
    System.out.println("Written to " + output);
  }

  private static void read(Path file, List<ClassResult> classes, List<Problem> problems) {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      document = factory.newDocumentBuilder().parse(file.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("Unreadable report " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Element suite = document.getDocumentElement();
    // JUnit 4 reports a test whose @After fails as well twice under one name; like failsafe's
    // totals, each test counts once, by its worst outcome.
    Map<String, Integer> outcomeByTest = new LinkedHashMap<>();
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      String test =
          simpleName(testCase.getAttribute("classname")) + "." + testCase.getAttribute("name");
      int outcome = PASSED;
      if (testCase.getElementsByTagName("skipped").getLength() > 0) {
        outcome = SKIPPED;
      }
      for (String kind : List.of("failure", "error")) {
        NodeList outcomes = testCase.getElementsByTagName(kind);
        if (outcomes.getLength() > 0) {
          outcome = Math.max(outcome, kind.equals("error") ? ERROR : FAILURE);
          problems.add(new Problem(test, cause(kind, (Element) outcomes.item(0))));
        }
      }
      outcomeByTest.merge(test, outcome, Math::max);
    }
    classes.add(
        new ClassResult(
            suite.getAttribute("name"),
            outcomeByTest.size(),
            count(outcomeByTest, FAILURE),
            count(outcomeByTest, ERROR),
            count(outcomeByTest, SKIPPED),
            decimal(suite, "time")));
  }

  private static int count(Map<String, Integer> outcomeByTest, int outcome) {
    return (int) outcomeByTest.values().stream().filter(value -> value == outcome).count();
  }

  /**
   * One line that groups alike failures: the Thrift method for a method Cairn does not serve,
   * otherwise the exception type and the start of its message.
   */
  static String cause(String kind, Element outcome) {
    String type = outcome.getAttribute("type");
    String message = outcome.getAttribute("message");
    String text = message + "\n" + outcome.getTextContent();
    Matcher unsupported = UNSUPPORTED.matcher(text);
    if (unsupported.find()) {
      return "method not served: " + unsupported.group(1);
    }
    Matcher invalid = INVALID_METHOD.matcher(text);
    if (invalid.find()) {
      return "method not served: " + invalid.group(1);
    }
    String firstLine = message.strip().lines().findFirst().orElse("");
    if (firstLine.length() > MESSAGE_LENGTH) {
      firstLine = firstLine.substring(0, MESSAGE_LENGTH) + "…";
    }
    return kind + ": " + simpleName(type) + (firstLine.isEmpty() ? "" : ": " + firstLine);
  }

  private static String render(List<ClassResult> classes, List<Problem> problems) {
    StringBuilder out = new StringBuilder();
    out.append("| test class | run | passed | failed | errors | skipped | seconds |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    List<ClassResult> sorted =
        classes.stream().sorted(Comparator.comparing(ClassResult::name)).toList();
    for (ClassResult result : sorted) {
      row(out, "`" + simpleName(result.name()) + "`", result);
    }
    row(
        out,
        "**total**",
        new ClassResult(
            "total",
            sorted.stream().mapToInt(ClassResult::tests).sum(),
            sorted.stream().mapToInt(ClassResult::failures).sum(),
            sorted.stream().mapToInt(ClassResult::errors).sum(),
            sorted.stream().mapToInt(ClassResult::skipped).sum(),
            sorted.stream().mapToDouble(ClassResult::seconds).sum()));

    Map<String, List<String>> byCause = new LinkedHashMap<>();
    for (Problem problem : problems) {
      byCause.computeIfAbsent(problem.cause(), cause -> new ArrayList<>()).add(problem.test());
    }
    List<Map.Entry<String, List<String>>> causes =
        byCause.entrySet().stream()
            .sorted(
                Comparator.comparing(
                        (Map.Entry<String, List<String>> entry) -> -entry.getValue().size())
                    .thenComparing(Map.Entry::getKey))
            .toList();
    out.append("\nMost frequent causes of failures and errors (")
        .append(causes.size())
        .append(" distinct; a test whose cleanup fails as well counts under both):\n\n");
    out.append("| tests | cause | for example |\n|---:|---|---|\n");
    for (Map.Entry<String, List<String>> entry :
        causes.subList(0, Math.min(CAUSES_SHOWN, causes.size()))) {
      out.append("| ")
          .append(entry.getValue().size())
          .append(" | ")
          .append(escape(entry.getKey()))
          .append(" | `")
          .append(entry.getValue().get(0))
          .append("` |\n");
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, ClassResult result) {
    out.append(
        String.format(
            java.util.Locale.ROOT,
            "| %s | %d | %d | %d | %d | %d | %.1f |%n",
            name,
            result.tests(),
            result.passed(),
            result.failures(),
            result.errors(),
            result.skipped(),
            result.seconds()));
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static double decimal(Element element, String attribute) {
    String value = element.getAttribute(attribute).replace(",", "");
    return value.isEmpty() ? 0 : Double.parseDouble(value);
  }
}
