package chorus.jobs;

/**
 * The lease protocol of every table whose rows any container may work on: the job queue ({@code jobs}) and
 * the mail outbox ({@code mail_outbox}). A claim takes due rows with {@code FOR UPDATE SKIP LOCKED} and
 * leases them in one statement, counting an attempt, so two workers never hold the same row and a row
 * whose lease ran out (its container died) is due again for anyone. Every later write about a claimed row
 * is fenced by that claim (lease owner and attempt number): a worker that lost its lease cannot overwrite
 * the outcome of the worker that took the row over.
 *
 * @param table     the table (its key column is {@code id}; it has {@code attempts}, {@code lease_until}, {@code lease_owner})
 * @param claimable SQL condition of rows that may be claimed once due (and not leased)
 * @param held      SQL condition a claimed row still meets while its claim may write it
 * @param due       the column holding when a row is due
 * @param order     claim order (an index should serve it)
 */
public record LeasedTable(String table, String claimable, String held, String due, String order) {

  /**
   * The claim statement: {@code $1} how many rows at most, {@code $2} lease seconds, {@code $3} owner;
   * further parameters from {@code alsoWhere}. {@code alsoSet} adds assignments (starting with a comma),
   * {@code returning} lists what comes back; the claimed rows are aliased {@code t}.
   */
  public String claim(String alsoWhere, String alsoSet, String returning) {
    return "UPDATE " + table + " t SET lease_until = now() + make_interval(secs => $2), lease_owner = $3, attempts = t.attempts + 1"
        + alsoSet
        + " WHERE t.id IN (SELECT id FROM " + table + " WHERE " + claimable + " AND " + due + " <= now()"
        + " AND (lease_until IS NULL OR lease_until < now())" + alsoWhere
        + " ORDER BY " + order + " LIMIT $1 FOR UPDATE SKIP LOCKED)"
        + " RETURNING " + returning;
  }

  /**
   * An update of one claimed row, fenced by its claim: {@code $1} id, {@code $2} owner, {@code $3} attempt
   * number of the claim; {@code set} may use {@code $4} onwards. It changes nothing (row count 0) when the
   * claim is no longer the row's current one.
   */
  public String fenced(String set) {
    return "UPDATE " + table + " SET " + set + " WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND " + held;
  }
}
