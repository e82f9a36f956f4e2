import { Button } from "~/components/Button";
import { Field } from "~/components/Field";
import { messagesOf, setServerErrors, useZodForm } from "~/utils/form";
import { toast } from "~/utils/toast";
import { trpc } from "~/utils/trpc";

// The token is not a field: it comes with the page and is added when sending.
const contactFields = () =>
  import("~/schemas/contact").then(({ contactMessageInput }) => contactMessageInput.omit({ formToken: true }));

/** The contact form; a signed-in sender has name and e-mail filled in. */
export function ContactForm({ name, email }: { name: string; email: string }) {
  const utils = trpc.useUtils();
  const formToken = trpc.contact.formToken.useQuery().data?.token ?? "";
  const form = useZodForm(contactFields, { name, email, subject: "", message: "", website: "" });
  const { errors } = form.formState;
  const send = trpc.contact.send.useMutation({
    onSuccess: async () => {
      form.reset({ name, email, subject: "", message: "", website: "" });
      toast.success("Message sent", { description: "We read every message and answer by e-mail." });
      await utils.contact.formToken.invalidate();
    },
    onError: (error) => {
      if (!setServerErrors(error, form.setError))
        toast.error("Could not send the message", { description: error.message });
    },
  });

  return (
    <form
      onSubmit={form.handleSubmit((input) => send.mutate({ ...input, formToken }))}
      noValidate
      className="space-y-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" errors={messagesOf(errors.name)}>
          {(control) => <input {...control} {...form.register("name")} autoComplete="name" />}
        </Field>
        <Field label="Email" errors={messagesOf(errors.email)}>
          {(control) => <input {...control} {...form.register("email")} type="email" autoComplete="email" />}
        </Field>
      </div>
      <Field label="Subject" errors={messagesOf(errors.subject)}>
        {(control) => <input {...control} {...form.register("subject")} />}
      </Field>
      <Field label="Message" errors={messagesOf(errors.message)}>
        {(control) => <textarea {...control} {...form.register("message")} rows={6} />}
      </Field>
      {/* The honeypot: hidden from people and screen readers, filled by bots. */}
      <div aria-hidden className="hidden">
        <label>
          Website
          <input {...form.register("website")} tabIndex={-1} autoComplete="off" />
        </label>
      </div>
      {send.error?.data?.code === "TOO_MANY_REQUESTS" && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {send.error.message}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" pending={send.isPending} pendingLabel="Sending…">
          Send message
        </Button>
      </div>
    </form>
  );
}
