import type postgres from "postgres";

export interface StatementTiming {
  statement: string;
  count: number;
  /** Server-side time, attributed from completion order (see timeStatements). */
  ms: number;
}

/**
 * Times every statement a transaction sends, without pg_stat_statements. Statements on one
 * connection run one after another on the server, pipelined or not, so a statement's server
 * time is its completion minus the later of its own send and the previous completion.
 * Wraps the transaction's `sql` with a Proxy; collect with `timings()`.
 */
export function createStatementTimer() {
  const totals = new Map<string, { count: number; ms: number }>();
  let lastCompletion = 0;

  function record(name: string, done: number, from: number): void {
    const entry = totals.get(name) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += done - from;
    lastCompletion = done;
    totals.set(name, entry);
  }

  function label(strings: TemplateStringsArray): string {
    const text = strings.join("$").replace(/\s+/g, " ").trim();
    const match =
      /^(WITH \w+ AS \( )?(INSERT INTO \w+|UPDATE \w+|DELETE FROM \w+|SELECT .{0,40}?FROM \w+)/i.exec(text);
    return (match?.[2] ?? text.slice(0, 50)).replace(/^SELECT .*FROM/i, "SELECT … FROM");
  }

  function wrap(tx: postgres.TransactionSql): postgres.TransactionSql {
    return new Proxy(tx, {
      apply(target, thisArg, args: unknown[]) {
        const query = Reflect.apply(target as (...a: unknown[]) => unknown, thisArg, args);
        const strings = args[0] as TemplateStringsArray | undefined;
        if (!strings || !Array.isArray(strings) || !("raw" in strings)) return query;
        const name = label(strings);
        const sent = performance.now();
        (query as Promise<unknown>).then(
          () => record(name, performance.now(), Math.max(sent, lastCompletion)),
          () => {},
        );
        return query;
      },
    });
  }

  return {
    /** Wraps `sql.begin` so every transaction's statements are timed. */
    instrument(sql: postgres.Sql): postgres.Sql {
      return new Proxy(sql, {
        get(target, property, receiver) {
          if (property !== "begin") return Reflect.get(target, property, receiver);
          return async (fn: (tx: postgres.TransactionSql) => Promise<unknown>) => {
            const result = await target.begin((tx) => fn(wrap(tx)));
            // BEGIN and COMMIT are the driver's own: the time after the last statement is the commit.
            record("COMMIT", performance.now(), lastCompletion);
            return result;
          };
        },
      });
    },
    markIdle(): void {
      lastCompletion = performance.now();
    },
    timings(): StatementTiming[] {
      return [...totals]
        .map(([statement, { count, ms }]) => ({ statement, count, ms }))
        .sort((a, b) => b.ms - a.ms);
    },
  };
}
