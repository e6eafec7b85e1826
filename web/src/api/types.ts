import type { components } from "./schema";

/**
 * Atalho para os esquemas gerados: `Schemas["ConversationOut"]`. Use sempre estes tipos (ou os inferidos pelos
 * hooks) em vez de declarar formatos de requisição ou resposta à mão.
 */
export type Schemas = components["schemas"];
