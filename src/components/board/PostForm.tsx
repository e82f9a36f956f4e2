import { Button } from "~/components/Button";
import { Field } from "~/components/Field";
import { messagesOf, setServerErrors, useZodForm } from "~/utils/form";
import { useItemMutations } from "./useItemMutations";

/** The board's item form: title and body; the author is whoever is signed in. */
export function PostForm({ onPosted }: { onPosted: (id: number) => void }) {
  const { create } = useItemMutations();
  const form = useZodForm(() => import("~/schemas/item").then(({ itemCreateInput }) => itemCreateInput), {
    title: "",
    body: "",
  });
  const { errors } = form.formState;

  const submit = form.handleSubmit((input) => {
    form.reset();
    create.mutate(input, {
      onSuccess: (item) => onPosted(item.id),
      onError: (error) => {
        form.reset(input);
        setServerErrors(error, form.setError);
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Title" errors={messagesOf(errors.title)}>
        {(control) => <input {...control} {...form.register("title")} autoComplete="off" />}
      </Field>
      <Field label="Message" hint="Optional, up to 2000 characters." errors={messagesOf(errors.body)}>
        {(control) => <textarea {...control} {...form.register("body")} rows={3} />}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" pending={create.isPending} pendingLabel="Posting…">
          Post
        </Button>
      </div>
    </form>
  );
}
