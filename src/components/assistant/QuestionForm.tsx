import { Button } from "~/components/Button";
import { controlClass } from "~/components/Field";
import { messagesOf, setServerErrors, useZodForm } from "~/utils/form";
import type { RouterOutputs } from "~/utils/trpc";
import { trpc } from "~/utils/trpc";

interface QuestionFormProps {
  conversationId: string | null;
  streaming: boolean;
  onSent: (sent: RouterOutputs["assistant"]["send"]) => void;
  onStop: () => void;
}

/** The question box: Enter sends, Shift+Enter starts a new line; Stop while an answer streams. */
export function QuestionForm({ conversationId, streaming, onSent, onStop }: QuestionFormProps) {
  const form = useZodForm(
    () => import("~/schemas/assistant").then(({ assistantQuestionForm }) => assistantQuestionForm),
    { content: "" },
    "onSubmit",
  );
  const errors = messagesOf(form.formState.errors.content);
  const send = trpc.assistant.send.useMutation({
    onSuccess: (sent) => {
      form.reset({ content: "" });
      onSent(sent);
    },
    onError: (error) => {
      if (!setServerErrors(error, form.setError)) form.setError("content", { type: "server", message: error.message });
    },
  });
  const submit = form.handleSubmit(({ content }) => send.mutate({ conversationId, content }));

  return (
    <form onSubmit={submit} noValidate className="space-y-1.5">
      <label htmlFor="question" className="sr-only">
        Your question
      </label>
      <textarea
        id="question"
        rows={3}
        placeholder="Ask the assistant…"
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? "question-errors" : undefined}
        className={`${controlClass} resize-y`}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            if (!streaming) void submit();
          }
        }}
        {...form.register("content")}
      />
      {errors.length > 0 && (
        <ul id="question-errors" className="text-sm text-red-600 dark:text-red-400">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <div className="flex justify-end gap-2">
        {streaming ? (
          <Button variant="secondary" onClick={onStop}>
            Stop
          </Button>
        ) : (
          <Button type="submit" pending={send.isPending} pendingLabel="Sending…">
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
