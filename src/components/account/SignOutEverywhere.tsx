import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/router";
import { Button } from "~/components/Button";
import { toast } from "~/utils/toast";
import { trpc } from "~/utils/trpc";

export function SignOutEverywhere() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const signOut = trpc.auth.signOutEverywhere.useMutation({
    onSuccess: async () => {
      toast.success("Signed out on every device");
      await router.push("/login");
      // The previous user's to-dos must not linger in this tab's cache.
      queryClient.clear();
    },
    onError: (error) => toast.error("Could not sign out everywhere", { description: error.message }),
  });
  return (
    <Button variant="danger" onClick={() => signOut.mutate()} pending={signOut.isPending} pendingLabel="Signing out…">
      Sign out everywhere
    </Button>
  );
}
