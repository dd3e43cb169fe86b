package io.cairn.findmatches;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Person records with duplicates in the spirit of the Febrl generator: originals drawn from skewed
 * name, street and suburb vocabularies; duplicates of an original with one to three modifications
 * each (typing errors, a missing value, given name and surname swapped, day and month of birth
 * swapped, a changed street number or social security digit). Generated inside Spark, record by
 * record from a seed, so a million records never pass through the driver. Column {@code entity} is
 * the ground truth.
 */
final class PersonGenerator {
  private static final String[] SYLLABLES = {
    "an", "bel", "car", "dan", "el", "fer", "gar", "hol", "is", "jo", "ka", "lin", "mar", "nor",
    "ol", "per", "quin", "ros", "sam", "tor", "ur", "van", "wil", "xan", "yor", "zel", "bra", "cle",
    "dre", "fro", "gri", "ste", "tha", "mor", "lee", "ray", "son", "ton", "ley", "ber", "vin",
        "chi",
    "ma", "ri", "na", "lo", "ke", "sha", "ty", "ru"
  };
  private static final String[] STREET_TYPES = {
    "street", "road", "avenue", "crescent", "place", "close", "drive", "court", "lane", "parade"
  };
  private static final String[] STATES = {"nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt"};
  private static final String[] PLACE_WORDS = {
    "villa", "court", "park", "house", "lodge", "gardens", "manor", "estate"
  };

  private PersonGenerator() {}

  static StructType schema() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType, false)
            .add("entity", DataTypes.LongType, false);
    for (String column :
        new String[] {
          "given_name",
          "surname",
          "street_number",
          "address_1",
          "address_2",
          "suburb",
          "postcode",
          "state",
          "date_of_birth",
          "soc_sec_id"
        }) {
      schema = schema.add(column, DataTypes.StringType, true);
    }
    return schema;
  }

  /** {@code records} records of which {@code duplicateShare} are duplicates. */
  static Dataset<Row> generate(
      SparkSession spark, long records, double duplicateShare, long seed, int partitions) {
    long originals = Math.round(records * (1 - duplicateShare));
    JavaRDD<Long> numbers =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(partitionStarts(records, partitions), partitions)
            .flatMap(
                range -> {
                  List<Long> all = new ArrayList<>();
                  for (long n = range[0]; n < range[1]; n++) {
                    all.add(n);
                  }
                  return all.iterator();
                });
    JavaRDD<Row> rows =
        numbers.map(
            n -> {
              if (n < originals) {
                return row(n, n, original(n, seed));
              }
              SplittableRandom random = new SplittableRandom(seed * 31 + n);
              long entity = random.nextLong(originals);
              return row(n, entity, duplicate(original(entity, seed), random));
            });
    return spark.createDataFrame(rows, schema());
  }

  private static List<long[]> partitionStarts(long records, int partitions) {
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ranges.add(new long[] {records * p / partitions, records * (p + 1) / partitions});
    }
    return ranges;
  }

  private static Row row(long n, long entity, String[] values) {
    Object[] all = new Object[values.length + 2];
    all[0] = Long.toString(n);
    all[1] = entity;
    System.arraycopy(values, 0, all, 2, values.length);
    return RowFactory.create(all);
  }

  static String[] original(long entity, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ (entity * 0x9E3779B97F4A7C15L));
    String given = word(random, 2 + random.nextInt(2), 0);
    String surname = word(random, 2 + random.nextInt(2), 17);
    String streetNumber = Integer.toString(1 + skewed(random, 400));
    String street = word(random, 2 + random.nextInt(2), 7) + " " + STREET_TYPES[random.nextInt(10)];
    String address2 =
        random.nextDouble() < 0.4
            ? word(random, 2, 29) + " " + PLACE_WORDS[random.nextInt(PLACE_WORDS.length)]
            : null;
    int suburbNumber = skewed(random, 5000);
    SplittableRandom suburbRandom = new SplittableRandom(suburbNumber * 7919L + 13);
    String suburb = word(suburbRandom, 2 + suburbRandom.nextInt(2), 41);
    String postcode = Integer.toString(2000 + suburbNumber % 8000);
    String state = STATES[suburbNumber % STATES.length];
    LocalDate birth = LocalDate.ofEpochDay(-18000 + random.nextInt(33000));
    String dateOfBirth = birth.toString().replace("-", "");
    String socialSecurity = Integer.toString(1_000_000 + random.nextInt(9_000_000));
    return new String[] {
      given,
      surname,
      streetNumber,
      street,
      address2,
      suburb,
      postcode,
      state,
      dateOfBirth,
      socialSecurity
    };
  }

  static String[] duplicate(String[] original, SplittableRandom random) {
    String[] values = original.clone();
    int modifications = 1 + random.nextInt(3);
    for (int m = 0; m < modifications; m++) {
      int kind = random.nextInt(10);
      int column = random.nextInt(values.length);
      switch (kind) {
        case 0, 1, 2, 3 -> values[column] = typo(values[column], random);
        case 4 -> values[column] = null;
        case 5 -> {
          String swap = values[0];
          values[0] = values[1];
          values[1] = swap;
        }
        case 6 -> {
          String date = values[8];
          if (date != null && date.length() == 8) {
            values[8] = date.substring(0, 4) + date.substring(6, 8) + date.substring(4, 6);
          }
        }
        case 7 -> values[2] = values[2] == null ? null : Integer.toString(1 + random.nextInt(400));
        case 8 -> values[9] = typo(values[9], random);
        default -> values[1] = typo(values[1], random);
      }
    }
    return values;
  }

  private static String typo(String value, SplittableRandom random) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    StringBuilder builder = new StringBuilder(value);
    int position = random.nextInt(value.length());
    char letter =
        Character.isDigit(value.charAt(position))
            ? (char) ('0' + random.nextInt(10))
            : (char) ('a' + random.nextInt(26));
    switch (random.nextInt(4)) {
      case 0 -> builder.insert(position, letter);
      case 1 -> {
        if (value.length() > 1) {
          builder.deleteCharAt(position);
        }
      }
      case 2 -> builder.setCharAt(position, letter);
      default -> {
        if (position + 1 < value.length()) {
          char c = builder.charAt(position);
          builder.setCharAt(position, builder.charAt(position + 1));
          builder.setCharAt(position + 1, c);
        }
      }
    }
    return builder.toString();
  }

  /** A word of {@code syllables} syllables, common syllables far more often than rare ones. */
  private static String word(SplittableRandom random, int syllables, int offset) {
    StringBuilder builder = new StringBuilder();
    for (int s = 0; s < syllables; s++) {
      builder.append(SYLLABLES[(skewed(random, SYLLABLES.length) + offset) % SYLLABLES.length]);
    }
    return builder.toString();
  }

  /** 0..bound-1 with small numbers much more likely (roughly Zipf-like). */
  private static int skewed(SplittableRandom random, int bound) {
    double u = random.nextDouble();
    return (int) Math.min(bound - 1, Math.floor(Math.pow(bound, u) - 1));
  }
}
