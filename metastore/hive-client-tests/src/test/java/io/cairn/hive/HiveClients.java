package io.cairn.hive;

import io.cairn.testing.CairnServerProcess;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf.ConfVars;

/** Hive 4.0.1's own client, configured as a Hive deployment does. */
final class HiveClients {
  private HiveClients() {}

  /**
   * A client of {@code server}: the Thrift URI, no SASL, {@code set_ugi} first (as Hive's and
   * Spark's clients do by default), one connection attempt and a 30 s socket timeout. The caller
   * closes it.
   */
  static HiveMetaStoreClient connect(CairnServerProcess server) throws MetaException {
    Configuration configuration = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(
        configuration, ConfVars.THRIFT_URIS, "thrift://127.0.0.1:" + server.thriftPort());
    MetastoreConf.setBoolVar(configuration, ConfVars.USE_THRIFT_SASL, false);
    MetastoreConf.setBoolVar(configuration, ConfVars.EXECUTE_SET_UGI, true);
    MetastoreConf.setLongVar(configuration, ConfVars.THRIFT_CONNECTION_RETRIES, 1);
    MetastoreConf.setTimeVar(configuration, ConfVars.CLIENT_SOCKET_TIMEOUT, 30, TimeUnit.SECONDS);
    return new HiveMetaStoreClient(configuration);
  }
}
