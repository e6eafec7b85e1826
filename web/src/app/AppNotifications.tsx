import { Notifications } from "@mantine/notifications";

/** A pilha de avisos (canto superior direito), num pedaço à parte do bundle: veja App.tsx. */
export default function AppNotifications() {
  return <Notifications position="top-right" />;
}
