import {
  createTheme,
  type AlertProps,
  type DrawerProps,
  type MantineColorsTuple,
  type ModalProps,
  type NotificationProps,
} from "@mantine/core";

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
  // Rótulos que o Mantine deixaria sem texto (ou em inglês) nos botões de fechar: em pt-BR por padrão. Objetos
  // simples em vez de `Modal.extend(...)`: importar os componentes aqui poria Modal e Drawer (e o que eles puxam) no
  // pedaço da tela de login.
  components: {
    Alert: { defaultProps: { closeButtonLabel: "Fechar aviso" } satisfies Partial<AlertProps> },
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Fechar" } } satisfies Partial<ModalProps> },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Fechar" } } satisfies Partial<DrawerProps> },
    Notification: {
      defaultProps: { closeButtonProps: { "aria-label": "Fechar notificação" } } satisfies Partial<NotificationProps>,
    },
  },
});
