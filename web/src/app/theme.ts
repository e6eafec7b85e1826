import { Alert, createTheme, Drawer, Modal, Notification, type MantineColorsTuple } from "@mantine/core";

// Verde do WhatsApp. O tom 6 é o de destaque (#25D366) e o 7 (#008069, o do WhatsApp Web) é o primário: branco
// sobre ele tem contraste 4,9:1 (WCAG AA); sobre o #25D366 seria 2:1.
const whatsapp: MantineColorsTuple = [
  "#e7fbef",
  "#d2f4e0",
  "#a6e9c1",
  "#75dd9f",
  "#4dd383",
  "#33cd71",
  "#25d366",
  "#008069",
  "#00705c",
  "#075e54",
];

export const theme = createTheme({
  primaryColor: "whatsapp",
  primaryShade: { light: 7, dark: 6 },
  colors: { whatsapp },
  defaultRadius: "md",
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif, 'Apple Color Emoji'",
  // Foco sempre visível ao navegar pelo teclado (e só nele).
  focusRing: "auto",
  cursorType: "pointer",
  // Rótulos que o Mantine deixaria sem texto (ou em inglês) nos botões de fechar: em pt-BR por padrão.
  components: {
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: "Fechar aviso" } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Fechar" } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { "aria-label": "Fechar" } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { "aria-label": "Fechar notificação" } } }),
  },
});
