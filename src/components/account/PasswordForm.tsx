import { Button } from "~/components/Button";
import { Field } from "~/components/Field";
import { messagesOf, setServerErrors, useZodForm } from "~/utils/form";
import { toast } from "~/utils/toast";
import { trpc } from "~/utils/trpc";

export function PasswordForm() {
  const form = useZodForm(() => import("~/schemas/auth").then(({ passwordChangeInput }) => passwordChangeInput), {
    currentPassword: "",
    newPassword: "",
  });
  const { errors } = form.formState;
  const change = trpc.auth.changePassword.useMutation({
    onSuccess: () => {
      form.reset();
      toast.success("Password changed", { description: "Your other sessions were signed out." });
    },
    onError: (error) => {
      if (!setServerErrors(error, form.setError))
        toast.error("Could not change the password", { description: error.message });
    },
  });

  return (
    <form onSubmit={form.handleSubmit((input) => change.mutate(input))} noValidate className="space-y-4">
      <Field label="Current password" errors={messagesOf(errors.currentPassword)}>
        {(control) => (
          <input {...control} {...form.register("currentPassword")} type="password" autoComplete="current-password" />
        )}
      </Field>
      <Field label="New password" hint="At least 8 characters." errors={messagesOf(errors.newPassword)}>
        {(control) => (
          <input {...control} {...form.register("newPassword")} type="password" autoComplete="new-password" />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" pending={change.isPending} pendingLabel="Changing…">
          Change password
        </Button>
      </div>
    </form>
  );
}
