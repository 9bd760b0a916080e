import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { ApiProblem, toProblem, unreachable, type Problem } from "./problems";

export type Story = components["schemas"]["Story"];
export type StoryRequest = components["schemas"]["StoryRequest"];
export type Upload = components["schemas"]["Upload"];
export type Voice = components["schemas"]["Voice"];
export type Erasure = components["schemas"]["Erasure"];

/** The answer of a call: data, or the problem already turned into an ApiProblem (thrown by {@link data}). */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The Bedtime API, typed from its OpenAPI document (src/api/schema.d.ts is generated from
 * functions/Bedtime/Http/openapi.json by `npm run generate`): a renamed field breaks the build, not the page.
 */
export class BedtimeApi {
  private readonly client;

  constructor(baseUrl: string, accessToken: () => Promise<string>) {
    this.client = createClient<paths>({ baseUrl });
    const auth: Middleware = {
      async onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${await accessToken()}`);
        return request;
      },
    };
    this.client.use(auth);
  }

  voices = async () => data(await guard(this.client.GET("/voices"))).items;

  createStory = async (request: StoryRequest, idempotencyKey: string) =>
    data(await guard(this.client.POST("/stories", { body: request, params: { header: { "Idempotency-Key": idempotencyKey } } })));

  /** The story, or null while it is unchanged since the ETag given (304). */
  story = async (id: string, etag?: string): Promise<{ story: Story; etag?: string } | null> => {
    const answer = await guard(this.client.GET("/stories/{id}", { params: { path: { id }, header: etag ? { "If-None-Match": etag } : {} } }));
    if (answer.response.status === 304) return null;
    return { story: data(answer), etag: answer.response.headers.get("ETag") ?? undefined };
  };

  stories = async (continuation?: string) =>
    data(await guard(this.client.GET("/stories", { params: { query: { limit: 10, continuation } } })));

  deleteStory = async (id: string) => void data(await guard(this.client.DELETE("/stories/{id}", { params: { path: { id } } })), true);

  /** The raw file as the body, streamed by the browser; the name travels in the query (any characters). */
  upload = async (file: File) =>
    data(await guard(this.client.POST("/uploads", {
      params: { query: { fileName: file.name } },
      body: file as unknown as string,
      bodySerializer: (body) => body,
      headers: { "Content-Type": file.type || "application/octet-stream" },
    })));

  /**
   * A large file through an upload session: the API hands out a create-only link, the browser PUTs the file straight
   * to storage (Blob CORS allows this origin), then the API checks what arrived and queues processing.
   */
  uploadLarge = async (file: File) => {
    const contentType = file.type || "application/octet-stream";
    const session = data(await guard(this.client.POST("/uploads/sessions", { body: { fileName: file.name, contentType, sizeBytes: file.size } })));
    const sent = await fetch(session.uploadUrl, { method: "PUT", headers: { "x-ms-blob-type": "BlockBlob", "Content-Type": contentType }, body: file })
      .catch((error: unknown) => { throw unreachable(error); });
    if (!sent.ok) throw new ApiProblem(sent.status, `The file could not be stored (storage answered ${sent.status}). Please try again.`);
    return data(await guard(this.client.POST("/uploads/{id}/complete", { params: { path: { id: session.id } } })));
  };

  uploadById = async (id: string) => data(await guard(this.client.GET("/uploads/{id}", { params: { path: { id } } })));

  uploads = async () => data(await guard(this.client.GET("/uploads", { params: { query: { limit: 50 } } })));

  /** Everything the caller owns: the API's NDJSON export (manifest, stories, uploads, end line) as one file. */
  exportMyData = async (): Promise<Blob> => data(await guard(this.client.GET("/me/export", { parseAs: "blob" }))) as Blob;

  /** Starts erasing everything the caller holds (or answers with the erasure already running). */
  eraseMyData = async (): Promise<Erasure> => data(await guard(this.client.DELETE("/me")));

  erasure = async (): Promise<Erasure> => data(await guard(this.client.GET("/me/erasure")));

  deleteUpload = async (id: string) => void data(await guard(this.client.DELETE("/uploads/{id}", { params: { path: { id } } })), true);
}

async function guard<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof ApiProblem ? error : unreachable(error);
  }
}

function data<T>(answer: Answer<T>, empty = false): T {
  const { response } = answer;
  if (!response.ok && response.status !== 304) throw toProblem(response.status, answer.error as Partial<Problem> | undefined, response.headers);
  if (answer.data === undefined && !empty) throw new ApiProblem(response.status, "The answer held no data.");
  return answer.data as T;
}
