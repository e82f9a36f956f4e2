import { Card } from "~/components/Card";

/** What the page shows instead of the question box when the server has no API key. */
export function NotConfigured() {
  return (
    <Card title="The assistant is not configured" description="This server has no key for an AI provider yet.">
      <div className="space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        <p>
          Set <code>OPENAI_API_KEY</code> in <code>.env.local</code> on the server and restart it. To use a local model
          instead, also set <code>OPENAI_BASE_URL</code> (for Ollama, <code>http://127.0.0.1:11434/v1</code>) and{" "}
          <code>OPENAI_MODEL</code>.
        </p>
        <p>The README&apos;s Assistant section explains what each setting does and what an answer costs.</p>
      </div>
    </Card>
  );
}
