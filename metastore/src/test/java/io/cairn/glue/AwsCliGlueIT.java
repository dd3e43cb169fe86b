package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The AWS CLI ({@code aws glue … --endpoint-url}) against a real Cairn server: runs the pytest
 * script {@code metastore/src/test/aws-cli/test_glue_cli.py}, which drives the {@code aws}
 * executable and asserts what it prints, and reports each of the script's test cases as a test of
 * its own. Needs {@code aws} and Python with pytest on the PATH; without them the test is skipped
 * with the reason, and with {@code CI=true} it fails.
 */
final class AwsCliGlueIT {
  /** A region other than the default, so ARNs built from the CLI's region must match the server. */
  private static final String REGION = "eu-west-1";

  private static final long SCRIPT_TIMEOUT_MINUTES = 10;

  @TempDir static Path workDirectory;

  @TestFactory
  Stream<DynamicTest> awsCliAgainstCairn() throws Exception {
    Path script = scriptDirectory().resolve("test_glue_cli.py");
    assertThat(script).isRegularFile();
    String aws = requiredTool("aws", "--version");
    requiredTool("python3", "-m", "pytest", "--version");

    Path report = workDirectory.resolve("pytest-report.xml");
    Path output = workDirectory.resolve("pytest-output.txt");
    int exitCode;
    try (CairnServer server = startServer()) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  "python3",
                  "-m",
                  "pytest",
                  "-v",
                  "-p",
                  "no:cacheprovider",
                  "--junitxml=" + report,
                  script.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      configureEnvironment(builder.environment(), server, aws);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(
            "the AWS CLI script did not finish within "
                + SCRIPT_TIMEOUT_MINUTES
                + " minutes:\n"
                + Files.readString(output));
      }
      exitCode = process.exitValue();
    }
    String printed = Files.readString(output);
    List<ScriptCase> cases = Files.exists(report) ? readReport(report) : List.of();
    // pytest exits 0 only when every collected test passed; 1 means some failed, anything else
    // (collection or usage errors) leaves no per-case report to look at.
    assertThat(exitCode).as("pytest's exit code; its output:\n%s", printed).isIn(0, 1);
    assertThat(cases).as("test cases in pytest's report; its output:\n%s", printed).isNotEmpty();
    return cases.stream()
        .map(
            testCase ->
                DynamicTest.dynamicTest(
                    testCase.name(),
                    () -> {
                      if (testCase.problem().isPresent()) {
                        fail(testCase.name() + " " + testCase.problem().get());
                      }
                    }));
  }

  private static CairnServer startServer() {
    // Job runs launch the test runner GlueJobsIT uses, as production launches the etl-runner.
    Map<String, String> overrides = new java.util.HashMap<>(GlueJobsIT.runnerConfiguration());
    overrides.put(ServerConfig.HTTP_PORT, "0");
    overrides.put(ServerConfig.THRIFT_PORT, "0");
    overrides.put(ServerConfig.DATA_DIR, workDirectory.resolve("cairn").toString());
    overrides.put(ServerConfig.REGION, REGION);
    return CairnServer.start(ServerConfig.resolve(Map.of(), Map.of(), overrides));
  }

  /**
   * The CLI's environment: the endpoint, dummy credentials and the region, with every setting of
   * the machine's own AWS configuration (profiles, credential files, other endpoints) kept out.
   */
  private static void configureEnvironment(
      Map<String, String> environment, CairnServer server, String aws) {
    environment.keySet().removeIf(name -> name.startsWith("AWS_"));
    environment.put("CAIRN_GLUE_ENDPOINT", "http://127.0.0.1:" + server.httpPort());
    environment.put("CAIRN_AWS_CLI", aws);
    environment.put("AWS_ACCESS_KEY_ID", "cairn-test-key");
    environment.put("AWS_SECRET_ACCESS_KEY", "cairn-test-secret");
    environment.put("AWS_DEFAULT_REGION", REGION);
    environment.put("AWS_CONFIG_FILE", workDirectory.resolve("no-aws-config").toString());
    environment.put(
        "AWS_SHARED_CREDENTIALS_FILE", workDirectory.resolve("no-aws-credentials").toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_MAX_ATTEMPTS", "1");
    // AWS CLI v2 pipes output through a pager unless told not to.
    environment.put("AWS_PAGER", "");
    environment.put("PYTHONDONTWRITEBYTECODE", "1");
  }

  private static Path scriptDirectory() {
    String root = System.getenv("CAIRN_REPO_ROOT");
    Path base = root == null ? Path.of("..") : Path.of(root);
    return base.resolve("metastore").resolve("src").resolve("test").resolve("aws-cli");
  }

  /**
   * The path of {@code command} on the PATH after checking it runs with {@code arguments}; skips
   * the test (fails it with CI=true) when it does not.
   */
  private static String requiredTool(String command, String... arguments)
      throws IOException, InterruptedException {
    Optional<Path> executable = onPath(command);
    String problem = null;
    if (executable.isEmpty()) {
      problem = "'" + command + "' is not on the PATH";
    } else {
      List<String> invocation = new ArrayList<>();
      invocation.add(executable.get().toString());
      invocation.addAll(List.of(arguments));
      Process process = new ProcessBuilder(invocation).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String printed;
      try (InputStream input = process.getInputStream()) {
        printed = new String(input.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        problem = String.join(" ", invocation) + " does not run: " + printed.strip();
      }
    }
    if (problem != null) {
      String reason = problem + " (the AWS CLI test needs awscli and Python with pytest)";
      if ("true".equals(System.getenv("CI"))) {
        fail(reason + "; CI=true: the test is mandatory");
      }
      abort(reason);
    }
    return executable.get().toString();
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(directory -> !directory.isEmpty())
        .map(directory -> Path.of(directory, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** One test case of pytest's JUnit-style report: its name, and why it failed if it did. */
  private record ScriptCase(String name, Optional<String> problem) {}

  private static List<ScriptCase> readReport(Path report) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    NodeList testCases =
        factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
    List<ScriptCase> cases = new ArrayList<>();
    for (int i = 0; i < testCases.getLength(); i++) {
      Element testCase = (Element) testCases.item(i);
      cases.add(new ScriptCase(testCase.getAttribute("name"), problem(testCase)));
    }
    return cases;
  }

  /**
   * Why a case did not pass: its failure or error with pytest's traceback, or the reason it was
   * skipped (the script skips nothing, so a skip is a failure too).
   */
  private static Optional<String> problem(Element testCase) {
    for (String kind : List.of("failure", "error", "skipped")) {
      NodeList elements = testCase.getElementsByTagName(kind);
      if (elements.getLength() > 0) {
        Element element = (Element) elements.item(0);
        return Optional.of(
            kind + ": " + element.getAttribute("message") + "\n" + element.getTextContent());
      }
    }
    return Optional.empty();
  }
}
