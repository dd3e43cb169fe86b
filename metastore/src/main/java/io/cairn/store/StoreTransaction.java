package io.cairn.store;

import io.cairn.catalog.Catalog;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerDefinition;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.catalog.CustomClassifier;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.IdempotencyRecord;
import io.cairn.catalog.JobBookmarkEntry;
import io.cairn.catalog.JobDefinition;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransform;
import io.cairn.catalog.MlTransformArtifact;
import io.cairn.catalog.MlTransformState;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.Segment;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableConstraint;
import io.cairn.catalog.TableMetricsReport;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableSearch;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.Trigger;
import io.cairn.catalog.Workflow;
import io.cairn.catalog.WorkflowRun;
import io.cairn.catalog.WorkflowRunAction;
import io.cairn.catalog.filter.KeyRange;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.locks.Lock;
import io.cairn.locks.Transaction;
import io.cairn.security.PrivilegeFilter;
import io.cairn.security.PrivilegeGrant;
import io.cairn.security.Role;
import io.cairn.security.RoleGrant;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Small reads and writes inside one store transaction. Names are already validated and lower-case.
 * Writes that find a row missing throw the matching {@code NoSuch*Exception}; writes that would
 * duplicate a name throw {@code AlreadyExistsException}; compare-and-swap updates whose expected
 * version is not the stored one throw {@code CommitFailedException}.
 */
public interface StoreTransaction {

  // Catalogs

  void createCatalog(Catalog catalog);

  Optional<Catalog> loadCatalog(String name);

  List<Catalog> listCatalogs();

  /**
   * Replaces the description and location of an existing catalog; its name and create time stay.
   */
  void updateCatalog(Catalog catalog);

  /** Removes an empty catalog (one without databases). */
  void dropCatalog(String name);

  // Databases

  void createDatabase(Database database);

  Optional<Database> loadDatabase(DatabaseName name);

  /**
   * Databases of a catalog in name order. {@code namePattern} is a Hive pattern ({@code *} any run,
   * {@code |} alternatives, case-insensitive) or null for all.
   */
  Page<Database> listDatabases(String catalog, String namePattern, PageRequest page);

  /** Replaces the database if its stored version is {@code database.version() - 1}. */
  void updateDatabase(Database database);

  /**
   * Drops the database with all its tables, partitions, versions, statistics, indexes and
   * functions.
   */
  void dropDatabase(DatabaseName name);

  // Tables

  void createTable(Table table);

  Optional<Table> loadTable(TableName name);

  /** Tables of a database in name order; {@code namePattern} as for databases. */
  Page<Table> listTables(DatabaseName database, String namePattern, PageRequest page);

  /** Table names of a database in name order; cheaper than {@link #listTables}. */
  Page<String> listTableNames(DatabaseName database, String namePattern, PageRequest page);

  /**
   * Compare-and-swap update: replaces the table stored under {@code currentName} with {@code table}
   * if the stored version is {@code table.version() - 1}, archiving the stored one as a table
   * version. A different {@code table.name()} renames it (partitions, statistics and indexes
   * follow).
   */
  void updateTable(TableName currentName, Table table);

  /** Drops the table with its partitions, versions, statistics and indexes. */
  void dropTable(TableName name);

  /** The table's versions, newest first, the current one included. */
  Page<TableVersion> listTableVersions(TableName name, PageRequest page);

  Optional<TableVersion> loadTableVersion(TableName name, long versionId);

  /**
   * Adds an archived version as it is, without touching the table: for restoring a table's history.
   * AlreadyExists if the table has a version with that id.
   */
  void createTableVersion(TableName table, TableVersion version);

  /** Deletes an archived version; the current version cannot be deleted. */
  void deleteTableVersion(TableName name, long versionId);

  // Partitions

  /** Adds all partitions or none; any existing one fails the whole call with AlreadyExists. */
  void addPartitions(TableName table, List<Partition> partitions);

  Optional<Partition> loadPartition(TableName table, List<String> values);

  /** Partitions in the order of their names, filtered in the database; null filter for all. */
  default Page<Partition> listPartitions(
      TableName table, PartitionFilter filter, PageRequest page) {
    return listPartitions(table, filter, null, page);
  }

  /** Partition names ({@code k1=v1/k2=v2}) in order, filtered like {@link #listPartitions}. */
  Page<String> listPartitionNames(TableName table, PartitionFilter filter, PageRequest page);

  long countPartitions(TableName table, PartitionFilter filter);

  /**
   * Compare-and-swap update of the partition stored under {@code currentValues}: replaced if its
   * stored version is {@code partition.version() - 1}. Different values rename it.
   */
  void updatePartition(TableName table, List<String> currentValues, Partition partition);

  /**
   * Replaces the definitions of partitions whose values stay the same, as one batch; each is a
   * compare-and-swap on {@code version() - 1}, and a partition that is missing or was changed
   * concurrently fails the call with a {@link io.cairn.catalog.CommitFailedException}.
   */
  void updatePartitions(TableName table, List<Partition> partitions);

  /** Drops all the named partitions or none; a missing one fails the call with NoSuchPartition. */
  void dropPartitions(TableName table, List<List<String>> values);

  // Column statistics

  /**
   * Stores statistics of a table ({@code partitionValues} null) or a partition, replacing those of
   * the same columns.
   */
  void putColumnStatistics(
      TableName table, List<String> partitionValues, List<ColumnStatistics> statistics);

  /** Statistics of the named columns (all columns when {@code columnNames} is null). */
  List<ColumnStatistics> loadColumnStatistics(
      TableName table, List<String> partitionValues, Collection<String> columnNames);

  /**
   * Statistics of all columns of many partitions at once, keyed by partition values. Partitions
   * that have none, or that do not exist, have no entry.
   */
  Map<List<String>, List<ColumnStatistics>> loadPartitionColumnStatistics(
      TableName table, List<List<String>> partitionValues);

  /** Deletes the statistics of one column, or of all columns when {@code columnName} is null. */
  void deleteColumnStatistics(TableName table, List<String> partitionValues, String columnName);

  // Partition indexes

  void createPartitionIndex(TableName table, PartitionIndex index);

  List<PartitionIndex> listPartitionIndexes(TableName table);

  void dropPartitionIndex(TableName table, String indexName);

  // Tags, keyed by resource ARN

  Map<String, String> loadTags(String resourceArn);

  void putTags(String resourceArn, Map<String, String> tags);

  void removeTags(String resourceArn, Collection<String> keys);

  /**
   * Removes the tags of every resource whose ARN is {@code resourceArn} or starts with it + "/".
   */
  void removeAllTags(String resourceArn);

  // User-defined functions

  /** AlreadyExists if the database has a function of that name; NoSuchDatabase without it. */
  void createFunction(Function function);

  Optional<Function> loadFunction(FunctionName name);

  /** Functions of a database in name order; {@code namePattern} as for databases. */
  Page<Function> listFunctions(DatabaseName database, String namePattern, PageRequest page);

  /**
   * Compare-and-swap update: replaces the function stored under {@code currentName} with {@code
   * function} if the stored version is {@code function.version() - 1}. A different function name
   * renames it within its database; a function cannot move to another database.
   */
  void updateFunction(FunctionName currentName, Function function);

  void dropFunction(FunctionName name);

  // Roles and privileges (kept and answered, not enforced)

  /** AlreadyExists if a role of that name exists. */
  void createRole(Role role);

  Optional<Role> loadRole(String name);

  /** Every role, built-in ones included, in name order. */
  List<Role> listRoles();

  /**
   * Drops the role with its members, its own memberships in other roles and the privileges granted
   * to it. NoSuchEntity if it does not exist.
   */
  void dropRole(String name);

  /** AlreadyExists if the principal is a member of the role; NoSuchEntity without the role. */
  void createRoleGrant(RoleGrant grant);

  /** The members of a role, in the order they were granted it. */
  List<RoleGrant> listRoleMembers(String role);

  /** The roles a principal is a direct member of, in role name order. */
  List<RoleGrant> listRoleGrantsOfPrincipal(String principalName, PrincipalType principalType);

  /** Keeps the membership but takes the grant option away. NoSuchEntity without the membership. */
  void removeRoleGrantOption(String role, String principalName, PrincipalType principalType);

  /** NoSuchEntity without the membership. */
  void deleteRoleGrant(String role, String principalName, PrincipalType principalType);

  /**
   * Stores all the grants or none. The object of each must exist (NoSuchDatabase, NoSuchTable,
   * NoSuchPartition); a grant of the same privilege on the same object to the same principal by the
   * same grantor for the same authorizer is AlreadyExists.
   */
  void createPrivilegeGrants(List<PrivilegeGrant> grants);

  /** The grants the filter matches, in the order they were made. */
  List<PrivilegeGrant> listPrivilegeGrants(PrivilegeFilter filter);

  /**
   * Deletes the stored grant with the same object, principal, privilege, grantor and authorizer as
   * {@code grant}; NoSuchEntity if there is none.
   */
  void deletePrivilegeGrant(PrivilegeGrant grant);

  /**
   * Takes the grant option away from the stored grant {@link #deletePrivilegeGrant} would delete.
   */
  void removePrivilegeGrantOption(PrivilegeGrant grant);

  // Table constraints (kept and answered, not enforced)

  /**
   * Stores all the named constraints or none. NoSuchTable if a table or referenced table is
   * missing; AlreadyExists if its table has a constraint of the same name.
   */
  void createConstraints(List<TableConstraint> constraints);

  /** The constraints declared on the table, in name order; empty if the table does not exist. */
  List<TableConstraint> listConstraints(TableName table);

  /**
   * The foreign keys that reference {@code referencedTable} and are declared on {@code table}, in
   * order of table and name; null for either means any.
   */
  List<TableConstraint> listForeignKeys(TableName referencedTable, TableName table);

  /**
   * Drops the constraint of that name declared on the table, and any foreign key of that name that
   * references it (Hive drops a constraint by the name of either table it involves); returns
   * whether there was one.
   */
  boolean dropConstraint(TableName table, String name);

  // Notification log

  /**
   * Appends {@code events} (their ids are ignored) under the next event ids, in order. Ids follow
   * commit order: the transaction holds the id counter until it ends, so a reader never sees an
   * event before every event with a lower id has committed, and a rolled-back transaction leaves no
   * gap. Call it as the last write of a transaction, since concurrent writers wait for the counter.
   */
  void appendNotifications(List<NotificationEvent> events);

  /**
   * Up to {@code maxEvents} events with ids above {@code afterEventId}, in id order; {@code
   * eventTypes} null for every type, otherwise only those types.
   */
  List<NotificationEvent> listNotifications(
      long afterEventId, int maxEvents, Set<String> eventTypes);

  /** The id of the newest event, 0 when none was ever appended. */
  long currentNotificationId();

  /**
   * The number of events with {@code fromEventId < id <= toEventId} (Hive's bounds), of one catalog
   * and database; null {@code catalog} or {@code database} for any.
   */
  long countNotifications(long fromEventId, long toEventId, String catalog, String database);

  // Locks and transactions (Hive's lock manager)

  /**
   * Serializes lock decisions: blocks until every other store transaction that called it, on any
   * server replica, has ended, and makes the next one wait until this one ends. Call it first in
   * every store transaction that reads locks or transactions to change them, so that what it read
   * stays true until it commits.
   */
  void serializeLockChanges();

  /** Stores {@code lock} (its id is ignored) under the next lock id and returns that id. */
  long createLock(Lock lock);

  Optional<Lock> loadLock(long lockId);

  /** Every lock, waiting or acquired, in id order (the order in which they were requested). */
  List<Lock> listLocks();

  /** Marks a waiting lock acquired. NoSuchLock if it does not exist. */
  void acquireLock(long lockId, Instant acquiredAt);

  /** NoSuchLock if the lock does not exist. */
  void heartbeatLock(long lockId, Instant time);

  /** NoSuchLock if the lock does not exist. */
  void deleteLock(long lockId);

  void deleteLocksOfTransaction(long transactionId);

  /**
   * Deletes the locks that belong to no transaction and were last heartbeated before {@code time};
   * returns their number.
   */
  int deleteLocksHeartbeatBefore(Instant time);

  /** Stores {@code transaction} (its id is ignored) under the next transaction id; returns it. */
  long createTransaction(Transaction transaction);

  Optional<Transaction> loadTransaction(long transactionId);

  /** Transactions in {@code state}, in id order. */
  List<Transaction> listTransactions(Transaction.State state);

  /** NoSuchTransaction if the transaction does not exist. */
  void updateTransactionState(long transactionId, Transaction.State state);

  /** NoSuchTransaction if the transaction does not exist. */
  void heartbeatTransaction(long transactionId, Instant time);

  /** The highest transaction id handed out, 0 before the first. */
  long lastTransactionId();

  // Table search (Glue's SearchTables)

  /**
   * The tables of a catalog that match {@code search}, in its order. Page tokens are positions in
   * that order: a table created or dropped between two pages may shift the next one.
   */
  Page<Table> searchTables(String catalog, TableSearch search, PageRequest page);

  // Glue partition operations

  /**
   * Partitions in name order, filtered in the database (null filter for all), of one {@code
   * segment} only (null for all). A partition's segment never changes while it exists.
   */
  Page<Partition> listPartitions(
      TableName table, PartitionFilter filter, Segment segment, PageRequest page);

  /**
   * The partitions {@code range} selects (their value of its key in the range, its residual true),
   * of one {@code segment} only (null for all), in the order of that value and then in an order the
   * store keeps stable. They are read through the store's index of the key's values, so a page
   * costs about what it reads of the range, however many partitions the table has. Page tokens are
   * those of one key: a token of another listing is a {@code ValidationException}.
   */
  Page<Partition> listPartitionsByKey(
      TableName table, KeyRange range, Segment segment, PageRequest page);

  /**
   * The partitions with these values that exist, by their values, in one read; values that name no
   * partition (also of the wrong length) have no entry.
   */
  Map<List<String>, Partition> loadPartitions(TableName table, List<List<String>> values);

  // Iceberg REST: idempotency keys and metrics reports

  Optional<IdempotencyRecord> loadIdempotencyRecord(String key);

  /**
   * Stores the record unless one with its key exists; returns whether it was stored (the first
   * response under a key wins).
   */
  boolean createIdempotencyRecord(IdempotencyRecord record);

  /** Deletes the records created before {@code time}; returns their number. */
  int deleteIdempotencyRecordsBefore(Instant time);

  /**
   * Sets the response of the record under {@code key} while it is still pending (status 0); returns
   * whether it was.
   */
  boolean completeIdempotencyRecord(String key, int status, String body);

  /** Deletes the record under {@code key} while it is still pending; returns whether it was. */
  boolean deletePendingIdempotencyRecord(String key);

  /** Appends a report under the next report id (the given id is ignored). */
  void appendMetricsReport(TableMetricsReport report);

  /** The reports of a table, oldest first, at most {@code maxReports}. */
  List<TableMetricsReport> listMetricsReports(TableName table, int maxReports);

  // Custom classifiers, crawlers and crawls

  /** AlreadyExists if a classifier of that name exists. */
  void createClassifier(CustomClassifier classifier);

  Optional<CustomClassifier> loadClassifier(String name);

  /** Classifiers in name order. */
  Page<CustomClassifier> listClassifiers(PageRequest page);

  /**
   * Compare-and-swap update: replaces the classifier of the same name if the stored version is
   * {@code classifier.version() - 1}; NoSuchEntity without it.
   */
  void updateClassifier(CustomClassifier classifier);

  /** NoSuchEntity if there is no classifier of that name. */
  void dropClassifier(String name);

  /**
   * Stores a new crawler with {@code status} (whose name must be the crawler's); AlreadyExists if a
   * crawler of that name exists.
   */
  void createCrawler(CrawlerDefinition crawler, CrawlerStatus status);

  Optional<CrawlerDefinition> loadCrawler(String name);

  Optional<CrawlerStatus> loadCrawlerStatus(String name);

  /** Crawlers in name order. */
  Page<CrawlerDefinition> listCrawlers(PageRequest page);

  /**
   * Compare-and-swap update of a crawler's definition: applied only if the stored version is {@code
   * crawler.version() - 1} and the crawler is {@link CrawlerStatus.State#READY}; returns whether it
   * was. Its status is not touched. NoSuchEntity without the crawler.
   */
  boolean updateCrawler(CrawlerDefinition crawler);

  /**
   * Deletes the crawler and its crawls if it is READY; returns whether it did. NoSuchEntity without
   * it.
   */
  boolean dropCrawler(String name);

  /**
   * Compare-and-swap of a crawler's run state: sets {@code next} (and its crawl id, null for none)
   * only if the stored state is {@code expected}; returns whether it did.
   */
  boolean changeCrawlerState(
      String name, CrawlerStatus.State expected, CrawlerStatus.State next, String crawlId);

  /**
   * Compare-and-swap of a crawler's schedule: sets {@code next} and {@code nextRunTime} only if the
   * stored schedule state is {@code expected}; returns whether it did.
   */
  boolean changeScheduleState(
      String name,
      CrawlerStatus.ScheduleState expected,
      CrawlerStatus.ScheduleState next,
      Instant nextRunTime);

  /**
   * Claims the scheduled run due at {@code dueTime}: moves the crawler's next run time on to {@code
   * followingRunTime} if it is still scheduled and due at {@code dueTime}; returns whether this
   * call claimed it (of several replicas, exactly one does).
   */
  boolean claimScheduledRun(String name, Instant dueTime, Instant followingRunTime);

  /** Scheduled crawlers whose next run time is at or before {@code time}, in name order. */
  List<CrawlerStatus> listDueCrawlers(Instant time);

  /** AlreadyExists if a crawl of that id exists. */
  void createCrawl(CrawlRun crawl);

  Optional<CrawlRun> loadCrawl(String crawlId);

  /**
   * Compare-and-swap: replaces the stored crawl of the same id only while it is still RUNNING;
   * returns whether it did.
   */
  boolean updateRunningCrawl(CrawlRun crawl);

  /** The crawls of a crawler, newest first, at most {@code maxCrawls}. */
  List<CrawlRun> listCrawls(String crawlerName, int maxCrawls);

  /** RUNNING crawls whose heartbeat is older than {@code time}: their server died. */
  List<CrawlRun> listCrawlsHeartbeatBefore(Instant time);

  // Jobs, job runs and triggers

  /** AlreadyExists if a job of that name exists. */
  void createJob(JobDefinition job);

  Optional<JobDefinition> loadJob(String name);

  /** Jobs in name order. */
  Page<JobDefinition> listJobs(PageRequest page);

  /**
   * Compare-and-swap update: replaces the job of the same name if the stored version is {@code
   * job.version() - 1}; returns whether it did. NoSuchEntity without the job.
   */
  boolean updateJob(JobDefinition job);

  /**
   * Deletes the job and its runs if none of them is active; returns whether it did. NoSuchEntity
   * without the job.
   */
  boolean dropJob(String name);

  /**
   * Stores a new run if its job has fewer than {@code maxConcurrentRuns} active runs; returns
   * whether it did. Concurrent calls for one job are serialized, so two replicas cannot both take
   * the last free place. NoSuchEntity without the job; AlreadyExists if a run of that id exists.
   */
  boolean createJobRun(JobRun run, int maxConcurrentRuns);

  Optional<JobRun> loadJobRun(String runId);

  /**
   * Compare-and-swap: replaces the stored run of the same id only while it is in {@code expected};
   * returns whether it did.
   */
  boolean changeJobRun(JobRun run, JobRun.State expected);

  /** The runs of a job, newest first, at most {@code maxRuns}. */
  List<JobRun> listJobRuns(String jobName, int maxRuns);

  /** Active runs whose heartbeat is older than {@code time}: their server died. */
  List<JobRun> listJobRunsHeartbeatBefore(Instant time);

  /** The job's bookmark: its newest version; empty when it never had one. */
  Optional<JobBookmarkEntry> loadJobBookmark(String jobName);

  /**
   * The newest version of the job's bookmark whose state is the one {@code runId} committed (its
   * own commit or a later rewind to it); empty when that run committed none.
   */
  Optional<JobBookmarkEntry> loadJobBookmarkOfRun(String jobName, String runId);

  /**
   * Compare-and-swap: stores {@code entry} as the job's bookmark if its version is one more than
   * the stored one (1 when there is none); returns whether it did. NoSuchEntity without the job.
   */
  boolean commitJobBookmark(JobBookmarkEntry entry);

  /**
   * Stores a new trigger with {@code status} (whose name must be the trigger's); AlreadyExists if a
   * trigger of that name exists.
   */
  void createTrigger(Trigger trigger, Trigger.Status status);

  Optional<Trigger> loadTrigger(String name);

  Optional<Trigger.Status> loadTriggerStatus(String name);

  /** Triggers in name order. */
  Page<Trigger> listTriggers(PageRequest page);

  /** ACTIVATED triggers of {@code type}, in name order. */
  List<Trigger> listActivatedTriggers(Trigger.Type type);

  /**
   * Compare-and-swap update of a trigger's definition: applied only if the stored version is {@code
   * trigger.version() - 1}; returns whether it was. Its status is not touched. NoSuchEntity without
   * the trigger.
   */
  boolean updateTrigger(Trigger trigger);

  /** NoSuchEntity without the trigger. */
  void dropTrigger(String name);

  /**
   * Compare-and-swap of a trigger's state: sets {@code next} and {@code nextRunTime} only if the
   * stored state is {@code expected}; returns whether it did.
   */
  boolean changeTriggerState(
      String name, Trigger.State expected, Trigger.State next, Instant nextRunTime);

  /**
   * Claims the run of a SCHEDULED trigger due at {@code dueTime}: moves its next run time on to
   * {@code followingRunTime} if it is still ACTIVATED and due at {@code dueTime}; returns whether
   * this call claimed it (of several replicas, exactly one does).
   */
  boolean claimTriggerRun(String name, Instant dueTime, Instant followingRunTime);

  /** ACTIVATED triggers whose next run time is at or before {@code time}, in name order. */
  List<Trigger.Status> listDueTriggers(Instant time);

  // ML transforms and their task runs

  /** Stores a new transform with an empty state; AlreadyExists if its id or name is taken. */
  void createMlTransform(MlTransform transform);

  Optional<MlTransform> loadMlTransform(String transformId);

  /** Every transform, in name order (a catalog has few). */
  List<MlTransform> listMlTransforms();

  /**
   * Compare-and-swap update of a transform's definition: applied only if the stored version is
   * {@code transform.version() - 1}; returns whether it was. Its state is not touched. NoSuchEntity
   * without the transform; AlreadyExists if its new name is another transform's.
   */
  boolean updateMlTransform(MlTransform transform);

  /**
   * Deletes the transform with its state, labels, model and task runs if none of its runs is
   * active; returns whether it did. NoSuchEntity without the transform.
   */
  boolean dropMlTransform(String transformId);

  /** NoSuchEntity without the transform. */
  MlTransformState loadMlTransformState(String transformId);

  /** The transform's labels or model; empty when it has none. */
  Optional<MlTransformArtifact> loadMlTransformArtifact(
      String transformId, MlTransformArtifact.Kind kind);

  /**
   * Compare-and-swap: stores {@code state} and replaces the transform's artifacts of the kinds in
   * {@code artifacts} if the stored state's version is {@code state.version() - 1}; returns whether
   * it did. NoSuchEntity without the transform.
   */
  boolean commitMlTransformState(MlTransformState state, List<MlTransformArtifact> artifacts);

  /**
   * Stores a new task run if no run of its transform is active; returns whether it did. Concurrent
   * calls for one transform are serialized, so two replicas cannot both start one. NoSuchEntity
   * without the transform; AlreadyExists if a run of that id exists.
   */
  boolean createMlTaskRun(MlTaskRun run);

  Optional<MlTaskRun> loadMlTaskRun(String taskRunId);

  /**
   * Compare-and-swap: replaces the stored run of the same id only while it is in {@code expected};
   * returns whether it did.
   */
  boolean changeMlTaskRun(MlTaskRun run, MlTaskRun.State expected);

  /** The task runs of a transform, newest first. */
  List<MlTaskRun> listMlTaskRuns(String transformId);

  /** Active task runs whose heartbeat is older than {@code time}: their server died. */
  List<MlTaskRun> listMlTaskRunsHeartbeatBefore(Instant time);

  // Workflows and their runs

  /** AlreadyExists if a workflow of that name exists. */
  void createWorkflow(Workflow workflow);

  Optional<Workflow> loadWorkflow(String name);

  /** Workflows in name order. */
  Page<Workflow> listWorkflows(PageRequest page);

  /**
   * Compare-and-swap update: replaces the workflow of the same name if the stored version is {@code
   * workflow.version() - 1}; returns whether it did. NoSuchEntity without the workflow.
   */
  boolean updateWorkflow(Workflow workflow);

  /**
   * Deletes the workflow with its triggers, its runs and their actions if none of its runs is
   * active; returns whether it did. NoSuchEntity without the workflow.
   */
  boolean dropWorkflow(String name);

  /** The triggers whose {@link Trigger#workflowName()} is {@code workflowName}, in name order. */
  List<Trigger> listWorkflowTriggers(String workflowName);

  /**
   * Stores a new run if its workflow has fewer than {@code maxConcurrentRuns} active runs; returns
   * whether it did. Concurrent calls for one workflow are serialized, so two replicas cannot both
   * take the last free place. NoSuchEntity without the workflow.
   */
  boolean createWorkflowRun(WorkflowRun run, int maxConcurrentRuns);

  Optional<WorkflowRun> loadWorkflowRun(String runId);

  /**
   * Loads the run and holds it against concurrent changes until this transaction ends, so that
   * deciding whether it has ended and a trigger firing in it cannot interleave.
   */
  Optional<WorkflowRun> lockWorkflowRun(String runId);

  /** The runs of a workflow, newest first, at most {@code maxRuns}. */
  List<WorkflowRun> listWorkflowRuns(String workflowName, int maxRuns);

  /** The RUNNING and STOPPING runs of every workflow, in run id order. */
  List<WorkflowRun> listActiveWorkflowRuns();

  /**
   * Compare-and-swap: stores the run's state, completion time and message only while its stored
   * state is {@code expected}; returns whether it did. Its properties are not touched.
   */
  boolean changeWorkflowRun(WorkflowRun run, WorkflowRun.State expected);

  /**
   * Compare-and-swap: replaces the run's properties (version {@code expectedVersion + 1}) if their
   * stored version is {@code expectedVersion}; returns whether it did.
   */
  boolean changeWorkflowRunProperties(
      String runId, Map<String, String> properties, long expectedVersion);

  /**
   * Claims a trigger's firing in a workflow run by storing its actions (all of one run and one
   * trigger, positions 0 to n - 1): only if the run is RUNNING and the trigger has not fired in it;
   * returns whether this call claimed it (of several replicas, exactly one does).
   */
  boolean claimWorkflowRunTrigger(List<WorkflowRunAction> actions);

  /** Stores the run id or start error of a claimed action. */
  void recordWorkflowRunAction(WorkflowRunAction action);

  /** The actions of a workflow run, in firing order (then trigger name, position). */
  List<WorkflowRunAction> listWorkflowRunActions(String workflowRunId);

  /** The workflow run that started the job run or crawl {@code actionRunId}, if one did. */
  Optional<String> findWorkflowRunOfAction(String actionRunId);
}
