"""The AWS CLI's `aws glue` commands against a Glue Data Catalog endpoint.

Run by io.cairn.glue.AwsCliGlueIT against a Cairn server it starts; by hand against any endpoint:

    CAIRN_GLUE_ENDPOINT=http://127.0.0.1:8181 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \
        AWS_DEFAULT_REGION=us-east-1 python3 -m pytest -v metastore/src/test/aws-cli

Every call goes through the real `aws` executable (a subprocess), so what is tested is the CLI's
own request building, pagination and error handling. Names carry a random suffix so that a run
against a long-lived endpoint does not meet an earlier run's databases.
"""

import json
import os
import re
import subprocess
import time
import uuid

import pytest

ENDPOINT = os.environ["CAIRN_GLUE_ENDPOINT"]
REGION = os.environ["AWS_DEFAULT_REGION"]
AWS = os.environ.get("CAIRN_AWS_CLI", "aws")

YEARS = ["2022", "2023", "2024"]
MONTHS = list(range(1, 13))
ERROR_CODE = re.compile(r"An error occurred \(([A-Za-z]+)\)")


class GlueError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def glue(command, *args):
    """Runs `aws glue COMMAND ARGS` and returns its JSON output ({} when it prints nothing).

    A command that fails with an AWS error raises GlueError with the error's code; any other failure
    (the CLI rejecting its arguments, a crash) fails the test."""
    process = subprocess.run(
        [AWS, "glue", command, *args, "--endpoint-url", ENDPOINT, "--output", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if process.returncode != 0:
        match = ERROR_CODE.search(process.stderr)
        if match is None:
            pytest.fail(f"aws glue {command} failed without an AWS error:\n{process.stderr}")
        raise GlueError(match.group(1), process.stderr.strip())
    return json.loads(process.stdout) if process.stdout.strip() else {}


def glue_error(command, *args):
    """The code of the AWS error that `aws glue COMMAND ARGS` fails with; fails if it succeeds."""
    with pytest.raises(GlueError) as failure:
        glue(command, *args)
    return failure.value.code


def as_json(value):
    return json.dumps(value)


def unique(prefix):
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def columns():
    return [
        {"Name": "order_id", "Type": "bigint", "Comment": "key"},
        {"Name": "amount", "Type": "decimal(10,2)"},
        {"Name": "customer", "Type": "string"},
    ]


def partition_keys():
    return [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "int"}]


def table_input(name, description=None):
    table = {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "parquet", "EXTERNAL": "TRUE"},
        "StorageDescriptor": {
            "Columns": columns(),
            "Location": f"file:/tmp/cairn-cli-test/{name}",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {
                "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                "Parameters": {"serialization.format": "1"},
            },
        },
        "PartitionKeys": partition_keys(),
    }
    if description is not None:
        table["Description"] = description
    return table


def partition_input(table, year, month):
    return {
        "Values": [year, str(month)],
        "Parameters": {"origin": "cli"},
        "StorageDescriptor": {
            "Columns": columns(),
            "Location": f"file:/tmp/cairn-cli-test/{table}/year={year}/month={month}",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {
                "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
            },
        },
    }


def create_database(name, **extra):
    database = {"Name": name, "Description": f"{name} from the AWS CLI"}
    database.update(extra)
    glue("create-database", "--database-input", as_json(database))


def create_table(database, name):
    glue("create-table", "--database-name", database, "--table-input", as_json(table_input(name)))


def create_partitions(database, table, values):
    """Creates the partitions (year, month) in batches of 100 (Glue's limit) and checks none failed."""
    entries = [partition_input(table, year, month) for year, month in values]
    for start in range(0, len(entries), 100):
        result = glue(
            "batch-create-partition",
            "--database-name",
            database,
            "--table-name",
            table,
            "--partition-input-list",
            as_json(entries[start : start + 100]),
        )
        assert result.get("Errors", []) == []


def partition_values(database, table, *args):
    """Every partition get-partitions lists (the CLI follows NextToken), as (year, month) tuples."""
    result = glue("get-partitions", "--database-name", database, "--table-name", table, *args)
    return [tuple(partition["Values"]) for partition in result["Partitions"]]


def all_values():
    return {(year, str(month)) for year in YEARS for month in MONTHS}


@pytest.fixture(scope="module")
def orders():
    """A database with one table partitioned by (year string, month int): 36 partitions."""
    database = unique("cli_sales")
    create_database(database)
    create_table(database, "orders")
    create_partitions(database, "orders", [(year, month) for year in YEARS for month in MONTHS])
    yield database, "orders"
    glue("delete-database", "--name", database)


def test_database_round_trip():
    name = unique("cli_db")
    create_database(name, Parameters={"owner": "analytics"}, LocationUri="file:/tmp/cairn-cli-test")

    database = glue("get-database", "--name", name)["Database"]
    assert database["Name"] == name
    assert database["Description"] == f"{name} from the AWS CLI"
    assert database["Parameters"] == {"owner": "analytics"}
    assert database["LocationUri"] == "file:/tmp/cairn-cli-test"
    assert isinstance(database["CreateTime"], (int, float))
    names = [d["Name"] for d in glue("get-databases")["DatabaseList"]]
    assert name in names
    assert glue_error("create-database", "--database-input", as_json({"Name": name})) == (
        "AlreadyExistsException"
    )

    glue("delete-database", "--name", name)


def test_table_round_trip():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "events")

    table = glue("get-table", "--database-name", database, "--name", "events")["Table"]
    assert table["Name"] == "events"
    assert table["DatabaseName"] == database
    assert table["TableType"] == "EXTERNAL_TABLE"
    assert table["Parameters"] == {"classification": "parquet", "EXTERNAL": "TRUE"}
    assert table["StorageDescriptor"]["Columns"] == columns()
    assert table["StorageDescriptor"]["Location"] == "file:/tmp/cairn-cli-test/events"
    assert table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"] == (
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    )
    assert table["PartitionKeys"] == partition_keys()
    assert "VersionId" in table
    tables = glue("get-tables", "--database-name", database)["TableList"]
    assert [t["Name"] for t in tables] == ["events"]
    assert glue_error(
        "create-table", "--database-name", database, "--table-input", as_json(table_input("events"))
    ) == ("AlreadyExistsException")
    assert glue_error("get-table", "--database-name", database, "--name", "missing") == (
        "EntityNotFoundException"
    )

    glue("delete-database", "--name", database)


def test_batch_create_partition_reports_each_failed_entry_and_creates_the_rest():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    create_partitions(database, "orders", [("2024", 1)])

    result = glue(
        "batch-create-partition",
        "--database-name",
        database,
        "--table-name",
        "orders",
        "--partition-input-list",
        as_json([partition_input("orders", "2024", 1), partition_input("orders", "2024", 2)]),
    )

    errors = result["Errors"]
    assert [e["PartitionValues"] for e in errors] == [["2024", "1"]]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "AlreadyExistsException"
    assert sorted(partition_values(database, "orders")) == [("2024", "1"), ("2024", "2")]

    glue("delete-database", "--name", database)


def test_batch_create_partition_of_more_than_100_is_refused_whole():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    entries = [partition_input("orders", str(2000 + i // 12), i % 12 + 1) for i in range(101)]

    code = glue_error(
        "batch-create-partition",
        "--database-name",
        database,
        "--table-name",
        "orders",
        "--partition-input-list",
        as_json(entries),
    )

    assert code in ("ValidationException", "InvalidInputException")
    assert partition_values(database, "orders") == []
    glue("delete-database", "--name", database)


def test_get_partition_returns_what_was_created(orders):
    database, table = orders
    partition = glue(
        "get-partition",
        "--database-name",
        database,
        "--table-name",
        table,
        "--partition-values",
        "2023",
        "7",
    )["Partition"]
    assert partition["Values"] == ["2023", "7"]
    assert partition["DatabaseName"] == database
    assert partition["TableName"] == table
    assert partition["Parameters"] == {"origin": "cli"}
    assert partition["StorageDescriptor"]["Location"] == (
        f"file:/tmp/cairn-cli-test/{table}/year=2023/month=7"
    )
    assert partition["StorageDescriptor"]["Columns"] == columns()


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("year = '2023'", {("2023", str(m)) for m in MONTHS}),
        ("year = '2023' AND month > 6", {("2023", str(m)) for m in range(7, 13)}),
        # month is an int key: 10, 11 and 12 are above 9, which a string comparison would miss.
        ("month >= 9 AND year <> '2022'", {(y, str(m)) for y in ("2023", "2024") for m in (9, 10, 11, 12)}),
        ("month IN (1, 2)", {(y, str(m)) for y in YEARS for m in (1, 2)}),
        ("year BETWEEN '2023' AND '2024' AND month = 12", {("2023", "12"), ("2024", "12")}),
        ("year LIKE '202%' AND month < 2", {(y, "1") for y in YEARS}),
        (
            "(year = '2022' AND month = 1) OR (year = '2024' AND month = 12)",
            {("2022", "1"), ("2024", "12")},
        ),
        ("NOT (year = '2022' OR year = '2023') AND month <= 3", {("2024", str(m)) for m in (1, 2, 3)}),
        ("year = '1999'", set()),
    ],
)
def test_get_partitions_with_expression(orders, expression, expected):
    database, table = orders
    found = partition_values(database, table, "--expression", expression)
    assert len(found) == len(set(found)), "a partition was listed twice"
    assert set(found) == expected


def test_get_partitions_with_unparsable_expression_is_invalid_input(orders):
    database, table = orders
    code = glue_error(
        "get-partitions",
        "--database-name",
        database,
        "--table-name",
        table,
        "--expression",
        "year = = '2023'",
    )
    assert code == "InvalidInputException"


def test_get_partitions_pages_follow_next_token(orders):
    database, table = orders
    # The CLI asks for pages of 5 and follows NextToken to the end.
    paged = partition_values(database, table, "--page-size", "5")
    assert len(paged) == len(all_values())
    assert set(paged) == all_values()

    # One page of 10 by hand, then the rest from the token the CLI hands back.
    first = glue(
        "get-partitions", "--database-name", database, "--table-name", table, "--max-items", "10"
    )
    assert len(first["Partitions"]) == 10
    rest = glue(
        "get-partitions",
        "--database-name",
        database,
        "--table-name",
        table,
        "--starting-token",
        first["NextToken"],
    )
    pages = [tuple(p["Values"]) for p in first["Partitions"] + rest["Partitions"]]
    assert sorted(pages) == sorted(all_values())


@pytest.mark.parametrize("total", [1, 3, 10])
def test_get_partitions_segments_cover_every_partition_once(orders, total):
    database, table = orders
    segments = [
        partition_values(
            database,
            table,
            "--segment",
            f"SegmentNumber={number},TotalSegments={total}",
            "--page-size",
            "7",
        )
        for number in range(total)
    ]
    listed = [values for segment in segments for values in segment]
    assert len(listed) == len(all_values()), "segments overlap or miss partitions"
    assert set(listed) == all_values()
    if total > 1:
        assert sum(1 for segment in segments if segment) > 1, "every partition in one segment"


def test_get_partitions_segments_with_expression(orders):
    database, table = orders
    listed = [
        values
        for number in range(4)
        for values in partition_values(
            database,
            table,
            "--segment",
            f"SegmentNumber={number},TotalSegments=4",
            "--expression",
            "month > 10",
        )
    ]
    assert sorted(listed) == sorted((y, str(m)) for y in YEARS for m in (11, 12))


def test_get_partitions_with_segment_out_of_range_is_invalid_input(orders):
    database, table = orders
    code = glue_error(
        "get-partitions",
        "--database-name",
        database,
        "--table-name",
        table,
        "--segment",
        "SegmentNumber=3,TotalSegments=3",
    )
    assert code in ("InvalidInputException", "ValidationException")


def test_batch_get_partition_returns_the_existing_ones(orders):
    database, table = orders
    wanted = [("2022", "5"), ("2024", "11"), ("1999", "1")]
    result = glue(
        "batch-get-partition",
        "--database-name",
        database,
        "--table-name",
        table,
        "--partitions-to-get",
        as_json([{"Values": list(values)} for values in wanted]),
    )
    found = {tuple(p["Values"]) for p in result["Partitions"]}
    assert found == {("2022", "5"), ("2024", "11")}
    assert result.get("UnprocessedKeys", []) == []
    for partition in result["Partitions"]:
        assert partition["Parameters"] == {"origin": "cli"}


def test_batch_delete_partition_deletes_existing_and_reports_missing():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    create_partitions(database, "orders", [("2024", m) for m in (1, 2, 3, 4)])

    result = glue(
        "batch-delete-partition",
        "--database-name",
        database,
        "--table-name",
        "orders",
        "--partitions-to-delete",
        as_json([{"Values": ["2024", "1"]}, {"Values": ["2024", "3"]}, {"Values": ["1999", "1"]}]),
    )

    errors = result["Errors"]
    assert [e["PartitionValues"] for e in errors] == [["1999", "1"]]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "EntityNotFoundException"
    assert sorted(partition_values(database, "orders")) == [("2024", "2"), ("2024", "4")]
    assert glue_error(
        "get-partition",
        "--database-name",
        database,
        "--table-name",
        "orders",
        "--partition-values",
        "2024",
        "1",
    ) == ("EntityNotFoundException")

    glue("delete-database", "--name", database)


def test_update_table_with_stale_version_id_fails_and_changes_nothing():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    original = glue("get-table", "--database-name", database, "--name", "orders")["Table"]
    read_version = original["VersionId"]

    # The first writer updates from the version it read...
    glue(
        "update-table",
        "--database-name",
        database,
        "--table-input",
        as_json(table_input("orders", description="first writer")),
        "--version-id",
        read_version,
    )
    updated = glue("get-table", "--database-name", database, "--name", "orders")["Table"]
    assert updated["Description"] == "first writer"
    assert updated["VersionId"] != read_version

    # ...the second writer read the same version and loses.
    code = glue_error(
        "update-table",
        "--database-name",
        database,
        "--table-input",
        as_json(table_input("orders", description="second writer")),
        "--version-id",
        read_version,
    )
    assert code == "ConcurrentModificationException"
    after = glue("get-table", "--database-name", database, "--name", "orders")["Table"]
    assert after["Description"] == "first writer"
    assert after["VersionId"] == updated["VersionId"]
    assert after["StorageDescriptor"] == updated["StorageDescriptor"]

    # From the current version the second writer gets through.
    glue(
        "update-table",
        "--database-name",
        database,
        "--table-input",
        as_json(table_input("orders", description="second writer")),
        "--version-id",
        updated["VersionId"],
    )
    latest = glue("get-table", "--database-name", database, "--name", "orders")["Table"]
    assert latest["Description"] == "second writer"

    glue("delete-database", "--name", database)


def test_get_table_versions_lists_every_version():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    for description in ("one", "two"):
        glue(
            "update-table",
            "--database-name",
            database,
            "--table-input",
            as_json(table_input("orders", description=description)),
        )
    current = glue("get-table", "--database-name", database, "--name", "orders")["Table"]

    versions = glue("get-table-versions", "--database-name", database, "--table-name", "orders")[
        "TableVersions"
    ]

    assert len(versions) == 3
    by_id = {v["VersionId"]: v["Table"] for v in versions}
    assert len(by_id) == 3, "version ids are not distinct"
    assert by_id[current["VersionId"]]["Description"] == "two"
    assert sorted(t.get("Description", "") for t in by_id.values()) == ["", "one", "two"]
    for table in by_id.values():
        assert table["Name"] == "orders"
        assert table["StorageDescriptor"]["Columns"] == columns()
    one = glue(
        "get-table-version",
        "--database-name",
        database,
        "--table-name",
        "orders",
        "--version-id",
        [version for version, table in by_id.items() if table.get("Description") == "one"][0],
    )["TableVersion"]
    assert one["Table"]["Description"] == "one"

    glue("delete-database", "--name", database)


def test_tags_on_database_and_table():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    account = glue("get-database", "--name", database)["Database"]["CatalogId"]
    database_arn = f"arn:aws:glue:{REGION}:{account}:database/{database}"
    table_arn = f"arn:aws:glue:{REGION}:{account}:table/{database}/orders"

    glue("tag-resource", "--resource-arn", database_arn, "--tags-to-add", "team=data,tier=gold")
    glue("tag-resource", "--resource-arn", table_arn, "--tags-to-add", "pii=false")
    assert glue("get-tags", "--resource-arn", database_arn)["Tags"] == {
        "team": "data",
        "tier": "gold",
    }
    assert glue("get-tags", "--resource-arn", table_arn)["Tags"] == {"pii": "false"}

    glue("tag-resource", "--resource-arn", database_arn, "--tags-to-add", "tier=silver")
    glue("untag-resource", "--resource-arn", database_arn, "--tags-to-remove", "team")
    assert glue("get-tags", "--resource-arn", database_arn)["Tags"] == {"tier": "silver"}
    assert glue("get-tags", "--resource-arn", table_arn)["Tags"] == {"pii": "false"}

    missing_arn = f"arn:aws:glue:{REGION}:{account}:table/{database}/missing"
    assert glue_error("tag-resource", "--resource-arn", missing_arn, "--tags-to-add", "a=b") == (
        "EntityNotFoundException"
    )

    glue("delete-database", "--name", database)


def test_delete_database_removes_its_tables():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    create_table(database, "customers")

    glue("delete-database", "--name", database)

    assert glue_error("get-database", "--name", database) == "EntityNotFoundException"
    assert glue_error("get-table", "--database-name", database, "--name", "orders") == (
        "EntityNotFoundException"
    )
    assert database not in [d["Name"] for d in glue("get-databases")["DatabaseList"]]
    # A new database of the same name starts empty: none of the old one's tables survived.
    create_database(database)
    assert glue("get-tables", "--database-name", database)["TableList"] == []
    glue("delete-database", "--name", database)
    assert glue_error("delete-database", "--name", database) == "EntityNotFoundException"


def test_delete_database_removes_its_partitions():
    database = unique("cli_db")
    create_database(database)
    create_table(database, "orders")
    create_partitions(database, "orders", [("2024", 1), ("2024", 2)])

    glue("delete-database", "--name", database)

    # The same names again: the new table has none of the old one's partitions.
    create_database(database)
    create_table(database, "orders")
    assert partition_values(database, "orders") == []
    assert glue_error(
        "get-partition",
        "--database-name",
        database,
        "--table-name",
        "orders",
        "--partition-values",
        "2024",
        "1",
    ) == ("EntityNotFoundException")
    glue("delete-database", "--name", database)


def test_get_partitions_of_a_projected_table_are_computed_from_its_rules():
    database = unique("cli_db")
    create_database(database)
    table = table_input("daily")
    table["PartitionKeys"] = [{"Name": "day", "Type": "string"}]
    table["Parameters"].update(
        {
            "projection.enabled": "true",
            "projection.day.type": "date",
            "projection.day.format": "yyyy-MM-dd",
            "projection.day.range": "2015-01-01,2024-12-31",
        }
    )
    glue("create-table", "--database-name", database, "--table-input", as_json(table))

    result = glue(
        "get-partitions",
        "--database-name",
        database,
        "--table-name",
        "daily",
        "--expression",
        "day >= '2024-02-26' AND day < '2024-03-04'",
    )

    assert [partition["Values"][0] for partition in result["Partitions"]] == [
        "2024-02-26",
        "2024-02-27",
        "2024-02-28",
        "2024-02-29",
        "2024-03-01",
        "2024-03-02",
        "2024-03-03",
    ]
    assert (
        result["Partitions"][3]["StorageDescriptor"]["Location"]
        == "file:/tmp/cairn-cli-test/daily/day=2024-02-29"
    )
    # Rules that cannot be projected are refused when the table is written.
    table["Parameters"]["projection.day.range"] = "2015-01-01,NOW-2DECADES"
    assert (
        glue_error(
            "update-table", "--database-name", database, "--table-input", as_json(table)
        )
        == "InvalidInputException"
    )
    glue("delete-database", "--name", database)


def test_classifier_round_trip():
    name = unique("pipes")
    glue(
        "create-classifier",
        "--csv-classifier",
        as_json({"Name": name, "Delimiter": "|", "ContainsHeader": "PRESENT"}),
    )
    classifier = glue("get-classifier", "--name", name)["Classifier"]["CsvClassifier"]
    assert classifier["Delimiter"] == "|"
    assert classifier["ContainsHeader"] == "PRESENT"
    assert classifier["Version"] == 1
    assert glue_error("create-classifier", "--csv-classifier", as_json({"Name": name})) == (
        "AlreadyExistsException"
    )
    glue("delete-classifier", "--name", name)
    assert glue_error("get-classifier", "--name", name) == "EntityNotFoundException"


def test_crawler_crawls_a_local_csv_tree_into_a_table(tmp_path):
    """The crawler runs on the server; a file:// target is a folder the server reads."""
    for day in ["2026-01-01", "2026-01-02"]:
        folder = tmp_path / "events" / f"day={day}"
        folder.mkdir(parents=True)
        (folder / "part-0.csv").write_text("id,kind,amount\n1,click,0.5\n2,view,1.25\n3,click,2.0\n")
    database = unique("crawled")
    crawler = unique("crawler")
    create_database(database)
    glue(
        "create-crawler",
        "--name",
        crawler,
        "--role",
        "arn:aws:iam::000000000000:role/glue",
        "--database-name",
        database,
        "--targets",
        as_json({"S3Targets": [{"Path": (tmp_path / "events").as_uri()}]}),
    )
    assert glue("get-crawler", "--name", crawler)["Crawler"]["State"] == "READY"
    glue("start-crawler", "--name", crawler)

    deadline = time.monotonic() + 60
    while True:
        state = glue("get-crawler", "--name", crawler)["Crawler"]
        if state["State"] == "READY" and "LastCrawl" in state:
            break
        assert time.monotonic() < deadline, "the crawler is READY again within a minute"
        time.sleep(0.5)
    assert state["LastCrawl"]["Status"] == "SUCCEEDED", state["LastCrawl"]

    metrics = glue("get-crawler-metrics", "--crawler-name-list", crawler)["CrawlerMetricsList"]
    assert metrics[0]["CrawlerName"] == crawler
    assert metrics[0]["TablesCreated"] == 1
    crawls = glue("list-crawls", "--crawler-name", crawler)["Crawls"]
    assert [crawl["State"] for crawl in crawls] == ["COMPLETED"]

    table = glue("get-table", "--database-name", database, "--name", "events")["Table"]
    assert [column["Name"] for column in table["StorageDescriptor"]["Columns"]] == [
        "id",
        "kind",
        "amount",
    ]
    assert [key["Name"] for key in table["PartitionKeys"]] == ["day"]
    assert table["Parameters"]["classification"] == "csv"

    assert glue_error("stop-crawler", "--name", crawler) == "CrawlerNotRunningException"
    glue("delete-crawler", "--name", crawler)
    assert glue_error("get-crawler", "--name", crawler) == "EntityNotFoundException"


def wait_for_run_end(job, run_id):
    """Polls get-job-run as scripts wait for a run, until the run has ended."""
    deadline = time.monotonic() + 120
    while True:
        run = glue("get-job-run", "--job-name", job, "--run-id", run_id)["JobRun"]
        if run["JobRunState"] not in ("STARTING", "RUNNING", "STOPPING"):
            return run
        assert time.monotonic() < deadline, "the run ends within two minutes"
        time.sleep(0.5)


def test_job_runs_and_an_on_demand_trigger(tmp_path):
    """The server launches each run as its own JVM (here the test runner AwsCliGlueIT configures);
    the job file is the job's local ScriptLocation."""
    job_file = tmp_path / "job.json"
    job_file.write_text('{"node-1": {"S3JsonSource": {"Name": "orders"}}}')
    job = unique("job")
    trigger = unique("trigger")
    glue(
        "create-job",
        "--name",
        job,
        "--role",
        "arn:aws:iam::000000000000:role/glue",
        "--command",
        as_json({"Name": "glueetl", "ScriptLocation": str(job_file)}),
        "--default-arguments",
        as_json({"--lines": "1", "--exit-code": "0"}),
        "--max-retries",
        "0",
        "--timeout",
        "10",
    )
    assert glue("get-job", "--job-name", job)["Job"]["Command"]["ScriptLocation"] == str(job_file)

    run_id = glue("start-job-run", "--job-name", job, "--arguments", as_json({"--lines": "2"}))[
        "JobRunId"
    ]
    run = wait_for_run_end(job, run_id)
    assert run["JobRunState"] == "SUCCEEDED", run
    assert run["Arguments"] == {"--lines": "2", "--exit-code": "0"}
    assert run["Attempt"] == 0

    failing = glue(
        "start-job-run", "--job-name", job, "--arguments", as_json({"--exit-code": "4"})
    )["JobRunId"]
    failed = wait_for_run_end(job, failing)
    assert failed["JobRunState"] == "FAILED"
    assert "exited with code 4" in failed["ErrorMessage"]

    glue(
        "create-trigger",
        "--name",
        trigger,
        "--type",
        "ON_DEMAND",
        "--actions",
        as_json([{"JobName": job, "Arguments": {"--lines": "3"}}]),
    )
    assert glue("get-trigger", "--name", trigger)["Trigger"]["State"] == "CREATED"
    glue("start-trigger", "--name", trigger)
    deadline = time.monotonic() + 60
    while True:
        runs = glue("get-job-runs", "--job-name", job)["JobRuns"]
        triggered = [run for run in runs if run.get("TriggerName") == trigger]
        if triggered:
            break
        assert time.monotonic() < deadline, "the trigger starts a run"
        time.sleep(0.5)
    assert wait_for_run_end(job, triggered[0]["Id"])["JobRunState"] == "SUCCEEDED"
    assert len(glue("get-job-runs", "--job-name", job)["JobRuns"]) == 3

    assert glue_error("get-job-run", "--job-name", job, "--run-id", "jr_0") == (
        "EntityNotFoundException"
    )
    glue("delete-trigger", "--name", trigger)
    glue("delete-job", "--job-name", job)
    assert glue_error("get-job", "--job-name", job) == "EntityNotFoundException"


def test_ml_transform_round_trip():
    database = unique("ml")
    create_database(database)
    create_table(database, "orders")
    name = unique("dedupe")
    transform_id = glue(
        "create-ml-transform",
        "--name",
        name,
        "--role",
        "arn:aws:iam::000000000000:role/glue",
        "--input-record-tables",
        as_json([{"DatabaseName": database, "TableName": "orders"}]),
        "--parameters",
        as_json(
            {
                "TransformType": "FIND_MATCHES",
                "FindMatchesParameters": {
                    "PrimaryKeyColumnName": "order_id",
                    "PrecisionRecallTradeoff": 0.8,
                },
            }
        ),
        "--worker-type",
        "G.1X",
        "--number-of-workers",
        "2",
    )["TransformId"]
    assert transform_id.startswith("tfm-")

    transform = glue("get-ml-transform", "--transform-id", transform_id)
    assert transform["Name"] == name
    assert transform["Status"] == "NOT_READY"
    assert transform["LabelCount"] == 0
    assert transform["Parameters"]["FindMatchesParameters"]["PrecisionRecallTradeoff"] == 0.8
    assert [column["Name"] for column in transform["Schema"]] == [
        "order_id",
        "amount",
        "customer",
        "year",
        "month",
    ]
    assert transform["WorkerType"] == "G.1X"
    listed = glue("get-ml-transforms", "--filter", as_json({"Name": name}))["Transforms"]
    assert [item["TransformId"] for item in listed] == [transform_id]
    assert glue("get-ml-task-runs", "--transform-id", transform_id)["TaskRuns"] == []
    assert (
        glue_error("start-ml-evaluation-task-run", "--transform-id", transform_id)
        == "MLTransformNotReadyException"
    )
    assert (
        glue_error(
            "create-ml-transform",
            "--name",
            unique("bad"),
            "--role",
            "role",
            "--input-record-tables",
            as_json([{"DatabaseName": database, "TableName": "orders"}]),
            "--parameters",
            as_json(
                {"TransformType": "FIND_MATCHES", "FindMatchesParameters": {"PrimaryKeyColumnName": "x"}}
            ),
        )
        == "InvalidInputException"
    )
    glue("delete-ml-transform", "--transform-id", transform_id)
    assert (
        glue_error("get-ml-transform", "--transform-id", transform_id) == "EntityNotFoundException"
    )

def test_a_workflow_run_starts_its_job_and_completes(tmp_path):
    """create-workflow, a trigger with --workflow-name, start-workflow-run, then get-workflow-run
    until the run has ended, as scripts wait for a workflow."""
    job_file = tmp_path / "job.json"
    job_file.write_text('{"node-1": {"S3JsonSource": {"Name": "orders"}}}')
    job = unique("workflow_job")
    workflow = unique("workflow")
    trigger = unique("workflow_start")
    glue(
        "create-job",
        "--name",
        job,
        "--role",
        "arn:aws:iam::000000000000:role/glue",
        "--command",
        as_json({"Name": "glueetl", "ScriptLocation": str(job_file)}),
        "--default-arguments",
        as_json({"--lines": "1", "--exit-code": "0"}),
    )
    glue(
        "create-workflow",
        "--name",
        workflow,
        "--default-run-properties",
        as_json({"day": "2026-01-01"}),
    )
    glue(
        "create-trigger",
        "--name",
        trigger,
        "--workflow-name",
        workflow,
        "--type",
        "ON_DEMAND",
        "--actions",
        as_json([{"JobName": job}]),
    )
    run_id = glue(
        "start-workflow-run", "--name", workflow, "--run-properties", as_json({"rows": "2"})
    )["RunId"]

    deadline = time.monotonic() + 120
    while True:
        run = glue("get-workflow-run", "--name", workflow, "--run-id", run_id, "--include-graph")[
            "Run"
        ]
        if run["Status"] not in ("RUNNING", "STOPPING"):
            break
        assert time.monotonic() < deadline, "the workflow run ends within two minutes"
        time.sleep(0.5)
    assert run["Status"] == "COMPLETED", run
    assert run["WorkflowRunProperties"] == {"day": "2026-01-01", "rows": "2"}
    assert run["Statistics"]["TotalActions"] == 1
    assert run["Statistics"]["SucceededActions"] == 1
    job_node = [node for node in run["Graph"]["Nodes"] if node["Type"] == "JOB"][0]
    job_run = job_node["JobDetails"]["JobRuns"][0]
    assert job_run["JobRunState"] == "SUCCEEDED"
    assert job_run["Arguments"]["--WORKFLOW_NAME"] == workflow
    assert job_run["Arguments"]["--WORKFLOW_RUN_ID"] == run_id

    assert glue("get-workflow", "--name", workflow)["Workflow"]["LastRun"]["Status"] == "COMPLETED"
    assert glue_error("start-workflow-run", "--name", unique("missing")) == (
        "EntityNotFoundException"
    )
    glue("delete-workflow", "--name", workflow)
    assert glue_error("get-trigger", "--name", trigger) == "EntityNotFoundException"
    glue("delete-job", "--job-name", job)
