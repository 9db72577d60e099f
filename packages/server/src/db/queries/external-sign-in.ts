import type { Sql } from '../client';

export interface SignInFlowRow {
  businessId: string;
  returnTo: string;
}

export async function insertSignInFlow(sql: Sql, flow: { idHash: string; businessId: string; returnTo: string; ttlSeconds: number }): Promise<void> {
  await sql`
    INSERT INTO external_sign_in_flow (id_hash, business_id, return_to, expires_at)
    VALUES (${flow.idHash}, ${flow.businessId}, ${flow.returnTo}, now() + make_interval(secs => ${flow.ttlSeconds}))`;
}

/** The browser's flow at this business, if it is still open (not expired, no code issued yet). */
export async function findOpenSignInFlow(sql: Sql, idHash: string, businessId: string): Promise<SignInFlowRow | undefined> {
  const [row] = await sql<SignInFlowRow[]>`
    SELECT business_id, return_to FROM external_sign_in_flow
    WHERE id_hash = ${idHash} AND business_id = ${businessId} AND code_hash IS NULL AND expires_at > now()`;
  return row;
}

/** Record the one-time code issued for an open flow; false if the flow was already used. */
export async function setSignInFlowCode(sql: Sql, idHash: string, codeHash: string, ttlSeconds: number): Promise<boolean> {
  const rows = await sql`
    UPDATE external_sign_in_flow SET code_hash = ${codeHash}, expires_at = now() + make_interval(secs => ${ttlSeconds})
    WHERE id_hash = ${idHash} AND code_hash IS NULL AND expires_at > now()`;
  return rows.count === 1;
}

export async function deleteSignInFlow(sql: Sql, idHash: string): Promise<void> {
  await sql`DELETE FROM external_sign_in_flow WHERE id_hash = ${idHash}`;
}

/** Consume the flow a one-time code was issued for: it works once, whatever the outcome. */
export async function takeSignInFlowByCode(sql: Sql, codeHash: string): Promise<SignInFlowRow | undefined> {
  const [row] = await sql<SignInFlowRow[]>`
    DELETE FROM external_sign_in_flow WHERE code_hash = ${codeHash} AND expires_at > now()
    RETURNING business_id, return_to`;
  return row;
}

/** Give an external sign-in's fresh session to the business whose flow it completed (only if unbound). */
export async function bindSessionToBusiness(sql: Sql, sessionId: string, businessId: string): Promise<boolean> {
  const rows = await sql`UPDATE auth_session SET business_id = ${businessId} WHERE id = ${sessionId} AND business_id IS NULL`;
  return rows.count === 1;
}
