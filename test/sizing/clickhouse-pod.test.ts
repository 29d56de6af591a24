import { CLICKHOUSE_BACKUP_SIDECAR, clickhouseServerSize, meetsClickhouseMinimum } from "../../lib/sizing/clickhouse-pod";

describe("ClickHouse server size on a dedicated node", () => {
  test("leaves room for the node's reserve and the backup sidecar; memory is 90% of the node's", () => {
    const server = clickhouseServerSize({ vcpu: 8, memoryGiB: 64 });
    expect(server).toEqual({
      cpu: 8 - 1 - CLICKHOUSE_BACKUP_SIDECAR.cpu,
      memoryGiB: Math.floor(64 * 0.9) - 4 - CLICKHOUSE_BACKUP_SIDECAR.memoryGiB,
    });
    expect(meetsClickhouseMinimum(server)).toBe(true);
  });

  test("a 2 vCPU / 8 GiB node leaves too little", () => {
    const server = clickhouseServerSize({ vcpu: 2, memoryGiB: 8 });
    expect(server).toEqual({ cpu: 0, memoryGiB: 2 });
    expect(meetsClickhouseMinimum(server)).toBe(false);
  });
});
