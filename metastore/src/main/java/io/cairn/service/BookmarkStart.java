package io.cairn.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.JobBookmarkEntry;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.ValidationException;
import io.cairn.store.StoreTransaction;
import java.util.Map;
import java.util.Optional;

/**
 * What a run is given of its job's bookmark, decided from Glue's arguments {@code
 * --job-bookmark-option} ({@code job-bookmark-enable}, {@code job-bookmark-disable}, the default,
 * or {@code job-bookmark-pause}) and, for pause, {@code --job-bookmark-from} / {@code
 * --job-bookmark-to} run ids.
 *
 * <p>The runner reads {@code input}: {@code {"option": …, "state": {node id: state}, "to": {…}}},
 * where {@code state} is what was processed before (the bookmark, or what the from-run committed)
 * and {@code to}, only when paused with a to-run, bounds what is read to what that run committed.
 *
 * @param startVersion the version of the job's bookmark the run started from (0 for none); an
 *     enabled run commits only on top of it
 * @param input the runner's bookmark file; null when bookmarks are disabled
 */
record BookmarkStart(Option option, long startVersion, String input) {
  static final String OPTION = "--job-bookmark-option";
  static final String FROM = "--job-bookmark-from";
  static final String TO = "--job-bookmark-to";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  enum Option {
    ENABLE("job-bookmark-enable"),
    DISABLE("job-bookmark-disable"),
    PAUSE("job-bookmark-pause");

    private final String argument;

    Option(String argument) {
      this.argument = argument;
    }

    String argument() {
      return argument;
    }
  }

  BookmarkStart {
    requireNonNull(option, "option is null");
  }

  /**
   * @throws ValidationException for an unknown option, from/to without pause, or a from/to run that
   *     committed no bookmark of this job
   */
  static BookmarkStart of(
      StoreTransaction transaction, String jobName, Map<String, String> arguments) {
    Option option = option(arguments.get(OPTION));
    String from = arguments.get(FROM);
    String to = arguments.get(TO);
    if (option != Option.PAUSE && (from != null || to != null)) {
      throw new ValidationException(
          FROM + " and " + TO + " go only with " + OPTION + " " + Option.PAUSE.argument());
    }
    if (option == Option.DISABLE) {
      return new BookmarkStart(option, 0, null);
    }
    Optional<JobBookmarkEntry> current = transaction.loadJobBookmark(jobName);
    ObjectNode input = MAPPER.createObjectNode().put("option", option.argument());
    JobBookmarkEntry start =
        from == null ? current.orElse(null) : committedBy(transaction, jobName, from);
    input.set("state", start == null ? MAPPER.createObjectNode() : parse(start.jobBookmark()));
    if (to != null) {
      input.set("to", parse(committedBy(transaction, jobName, to).jobBookmark()));
    }
    return new BookmarkStart(
        option, current.map(JobBookmarkEntry::version).orElse(0L), input.toString());
  }

  private static Option option(String value) {
    if (value == null) {
      return Option.DISABLE;
    }
    for (Option option : Option.values()) {
      if (option.argument().equals(value)) {
        return option;
      }
    }
    throw new ValidationException(
        OPTION
            + " must be job-bookmark-enable, job-bookmark-disable or job-bookmark-pause, not '"
            + value
            + "'");
  }

  private static JobBookmarkEntry committedBy(
      StoreTransaction transaction, String jobName, String runId) {
    try {
      return transaction
          .loadJobBookmarkOfRun(jobName, runId)
          .orElseThrow(
              () ->
                  new ValidationException(
                      "run " + runId + " of job " + jobName + " committed no bookmark"));
    } catch (NoSuchEntityException e) {
      throw new ValidationException(e.getMessage());
    }
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored job bookmark is not JSON: " + e.getMessage(), e);
    }
  }

  /** The state a runner handed back, checked to be a JSON object; null when it is not one. */
  static String checkedState(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return node != null && node.isObject() ? node.toString() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
