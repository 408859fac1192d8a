/**
 * The connectors' part of the contract (issue 6 item 4; core/connectors/): CRM and
 * email-marketing tools that contacts are pushed to. Secrets (token, API key) go in with
 * `connectors.save` and never come back out: the UI learns only whether one is set.
 */
import { z } from 'zod';

export const CONNECTOR_VENDORS = ['hubspot', 'salesforce', 'mailchimp'] as const;
export const ConnectorVendor = z.enum(CONNECTOR_VENDORS);
export type ConnectorVendor = z.infer<typeof ConnectorVendor>;

/** Contact fields a mapping can send; `custom:<key>` and `consent:<purpose>` name one of the workspace's. */
export const BASIC_APP_FIELDS = ['email', 'firstName', 'lastName', 'fullName', 'phone', 'city', 'country', 'locale', 'source', 'id', 'tags', 'marketingBlocked'] as const;
export const APP_FIELD = new RegExp(`^(${BASIC_APP_FIELDS.join('|')}|custom:[A-Za-z0-9_.-]{1,63}|consent:[a-z0-9][a-z0-9_.-]{0,62})$`);

export const MappingRow = z
  .object({
    appField: z.string().regex(APP_FIELD, 'Choose a contact field'),
    vendorField: z.string().trim().min(1, 'Name the property it goes to').max(100, 'Keep the property name under 100 characters'),
  })
  .strict();
export type MappingRow = z.infer<typeof MappingRow>;

/** No secrets here: this is what the database keeps. */
export const ConnectorSettings = z
  .object({
    mapping: z.array(MappingRow).max(60, 'Map at most 60 fields'),
    /** The consent purpose that decides email marketing (Mailchimp's status; the mapped consent for the others). */
    consentPurpose: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/),
    /** Mailchimp: the audience (list) id; the data centre comes from the API key's suffix. */
    listId: z.string().trim().max(40).optional(),
    dataCenter: z.string().max(12).optional(),
    /** Salesforce: e.g. https://acme.my.salesforce.com, and the Contact's external id field. */
    instanceUrl: z.string().trim().max(300).optional(),
    externalIdField: z.string().trim().max(80).optional(),
  })
  .strict();
export type ConnectorSettings = z.infer<typeof ConnectorSettings>;

export const ConnectorRun = z.object({
  id: z.number().int(),
  trigger: z.enum(['manual', 'after_sync']),
  state: z.enum(['running', 'succeeded', 'partial', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  considered: z.number().int(),
  pushed: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  /** Why a run failed as a whole, in words (bad token, unreachable, …). */
  message: z.string().nullable(),
});
export type ConnectorRun = z.infer<typeof ConnectorRun>;

export const ConnectorInfo = z.object({
  vendor: ConnectorVendor,
  /** Saved at least once (settings exist). */
  configured: z.boolean(),
  /** Pushes after each sync as well as on demand. */
  enabled: z.boolean(),
  secretSet: z.boolean(),
  settings: ConnectorSettings,
  defaultMapping: z.array(MappingRow),
  lastRun: ConnectorRun.nullable(),
  running: z.boolean(),
  errorCount: z.number().int(),
});
export type ConnectorInfo = z.infer<typeof ConnectorInfo>;

export const IntegrationLogEntry = z.object({
  id: z.number().int(),
  runId: z.number().int().nullable(),
  at: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  status: z.number().int().nullable(),
  code: z.string().nullable(),
  message: z.string(),
});
export type IntegrationLogEntry = z.infer<typeof IntegrationLogEntry>;

const Secret = z.string().trim().min(8, 'That is too short for a token or API key').max(500);

export const connectorMethods = {
  'connectors.list': { input: z.object({}).strict(), output: z.array(ConnectorInfo) },
  /** Saves settings (and the secret when given: it goes to the host's vault, never the database). */
  'connectors.save': {
    input: z
      .object({
        vendor: ConnectorVendor,
        settings: ConnectorSettings,
        secret: Secret.optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    output: ConnectorInfo,
  },
  /** Forgets the secret and what was pushed (a later connection starts afresh); keeps the mapping. */
  'connectors.disconnect': { input: z.object({ vendor: ConnectorVendor }).strict(), output: ConnectorInfo },
  /** Starts a push in the background; progress comes as `progress` events (job `connector:<vendor>`). */
  'connectors.pushNow': { input: z.object({ vendor: ConnectorVendor }).strict(), output: z.object({ runId: z.number().int() }) },
  'connectors.errors': {
    input: z.object({ vendor: ConnectorVendor, limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(IntegrationLogEntry),
  },
  'connectors.clearErrors': { input: z.object({ vendor: ConnectorVendor }).strict(), output: z.object({ removed: z.number().int() }) },
} as const;
