import { useEffect, useRef } from "react";
import { Button } from "~/components/Button";
import { controlClass } from "~/components/Field";
import { messagesOf, useZodForm } from "~/utils/form";
import { useTodoMutations } from "./useTodoMutations";

/** Adds a to-do; the input keeps focus so the next one can be typed straight away. */
export function TodoForm() {
  const { create } = useTodoMutations();
  const form = useZodForm(
    () => import("~/schemas/todo").then(({ todoCreateInput }) => todoCreateInput),
    { title: "" },
    "onSubmit",
  );
  const errors = messagesOf(form.formState.errors.title);
  const { ref, ...title } = form.register("title");
  const titleInput = useRef<HTMLInputElement | null>(null);

  const submit = form.handleSubmit((values) => {
    create.mutate(values, { onError: () => form.reset(values) });
  });
  // Cleared after the submit has settled in the form: reset and focus inside the handler would be undone.
  const { isSubmitSuccessful } = form.formState;
  useEffect(() => {
    if (!isSubmitSuccessful) return;
    form.reset();
    // IMPORTANT: react-hook-form's setFocus does nothing right after reset; focus the element.
    titleInput.current?.focus();
  }, [isSubmitSuccessful, form]);

  return (
    <form onSubmit={submit} noValidate className="space-y-1.5">
      <div className="flex gap-2">
        <label htmlFor="new-todo" className="sr-only">
          New to-do
        </label>
        <input
          id="new-todo"
          placeholder="What needs doing?"
          autoComplete="off"
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errors.length > 0 ? "new-todo-errors" : undefined}
          className={controlClass}
          ref={(element) => {
            ref(element);
            titleInput.current = element;
          }}
          {...title}
        />
        <Button type="submit">Add</Button>
      </div>
      {errors.length > 0 && (
        <ul id="new-todo-errors" className="text-sm text-red-600 dark:text-red-400">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
