import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** An item, a key or expression values as plain JavaScript values. */
export type DocumentValues = Record<string, unknown>;

/** A low-level command input with its `Required` and `Optional` attribute-value fields as plain values. */
type Plain<Input, Required extends keyof Input, Optional extends keyof Input = never> = Omit<
  Input,
  Required | Optional
> & { [F in Required]: DocumentValues } & { [F in Optional]?: DocumentValues };

export type GetInput = Plain<GetItemCommandInput, 'Key'>;
export type PutInput = Plain<PutItemCommandInput, 'Item', 'ExpressionAttributeValues'>;
export type UpdateInput = Plain<UpdateItemCommandInput, 'Key', 'ExpressionAttributeValues'>;
export type QueryInput = Plain<QueryCommandInput, never, 'ExpressionAttributeValues' | 'ExclusiveStartKey'>;

export interface QueryOutput {
  Items: DocumentValues[];
  LastEvaluatedKey?: DocumentValues;
}

/**
 * The data layer's four DynamoDB operations on plain JavaScript items, as the SDK's document client offers
 * them, over the low-level client: values are (un)marshalled here with the SDK's own `util-dynamodb`.
 *
 * Not the document client itself because that one cannot run with `cacheMiddleware`: without it, every call
 * builds and sorts the command's middleware stack afresh (twice, for the document command and the command it
 * wraps). Measured here at one connection, a PutItem cost about 800 µs of CPU through the document client
 * and 660 µs with the stack cached; with three writes per text search that is a sizeable share of the
 * orchestrator's CPU. The client must therefore get all its middleware (metrics, tracing) before its first
 * call, see `createDocumentClient`.
 */
export class Documents {
  readonly #client: DynamoDBClient;

  constructor(client: DynamoDBClient) {
    this.#client = client;
  }

  async get(input: GetInput): Promise<{ Item?: DocumentValues }> {
    const out = await this.#client.send(new GetItemCommand({ ...input, Key: toAttributes(input.Key) }));
    return out.Item ? { Item: unmarshall(out.Item) } : {};
  }

  /** `Attributes` when `ReturnValues` or `ReturnValuesOnConditionCheckFailure` asks for them. */
  async put(input: PutInput): Promise<{ Attributes?: DocumentValues }> {
    const out = await this.#client.send(
      new PutItemCommand({
        ...input,
        Item: toAttributes(input.Item),
        ExpressionAttributeValues: optionalAttributes(input.ExpressionAttributeValues),
      }),
    );
    return out.Attributes ? { Attributes: unmarshall(out.Attributes) } : {};
  }

  async update(input: UpdateInput): Promise<{ Attributes?: DocumentValues }> {
    const out = await this.#client.send(
      new UpdateItemCommand({
        ...input,
        Key: toAttributes(input.Key),
        ExpressionAttributeValues: optionalAttributes(input.ExpressionAttributeValues),
      }),
    );
    return out.Attributes ? { Attributes: unmarshall(out.Attributes) } : {};
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const out = await this.#client.send(
      new QueryCommand({
        ...input,
        ExpressionAttributeValues: optionalAttributes(input.ExpressionAttributeValues),
        ExclusiveStartKey: optionalAttributes(input.ExclusiveStartKey),
      }),
    );
    return {
      Items: (out.Items ?? []).map((item) => unmarshall(item)),
      ...(out.LastEvaluatedKey ? { LastEvaluatedKey: unmarshall(out.LastEvaluatedKey) } : {}),
    };
  }
}

function toAttributes(values: DocumentValues): Record<string, AttributeValue> {
  return marshall(values, { removeUndefinedValues: true });
}

function optionalAttributes(values: DocumentValues | undefined): Record<string, AttributeValue> | undefined {
  return values === undefined ? undefined : toAttributes(values);
}
