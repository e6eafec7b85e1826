// Gerado por `npm run gen:api` a partir de openapi.json (python -m wacs openapi). Não edite à mão.

export interface paths {
    "/api/v1/webhooks/incoming-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Callback: mensagens recebidas
         * @description Mensagens de clientes entregues pelo serviço Baileys (ou pelo sandbox). Corpo: `{"events": [...]}` (até 500), cada evento com `sessionId`; assinado com `X-Wacs-Timestamp` e `X-Wacs-Signature: sha256=<HMAC-SHA256(segredo, "<timestamp>." + corpo)>`. Sem `X-Client-Id` nem JWT: o tenant vem da sessão. Resposta 202 assim que os eventos estão gravados; o processamento é do worker.
         */
        post: operations["callback_incoming_message_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/status-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Callback: recibos de status
         * @description Recibos (sent, delivered, read, played, failed) das mensagens enviadas. Corpo: `{"events": [...]}` (até 500), cada evento com `sessionId`; assinado com `X-Wacs-Timestamp` e `X-Wacs-Signature: sha256=<HMAC-SHA256(segredo, "<timestamp>." + corpo)>`. Sem `X-Client-Id` nem JWT: o tenant vem da sessão. Resposta 202 assim que os eventos estão gravados; o processamento é do worker.
         */
        post: operations["callback_status_update_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/session-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Callback: estado da sessão
         * @description Mudanças de estado da sessão (QR, código de pareamento, conectada, desconectada). Corpo: `{"events": [...]}` (até 500), cada evento com `sessionId`; assinado com `X-Wacs-Timestamp` e `X-Wacs-Signature: sha256=<HMAC-SHA256(segredo, "<timestamp>." + corpo)>`. Sem `X-Client-Id` nem JWT: o tenant vem da sessão. Resposta 202 assim que os eventos estão gravados; o processamento é do worker.
         */
        post: operations["callback_session_update_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Webhook da Meta: verificação
         * @description A Meta confirma o endereço: devolve `hub.challenge` quando `hub.verify_token` é o `verifyToken` de uma sessão da Meta ou o META_VERIFY_TOKEN global; 403 se não.
         */
        get: operations["callback_meta_get"];
        put?: never;
        /**
         * Webhook da Meta: mensagens, recibos e avisos da conta
         * @description Webhook da Meta (WhatsApp Cloud API). Sem `X-Client-Id` nem JWT: a Meta assina o corpo com o app secret (`X-Hub-Signature-256: sha256=<HMAC-SHA256(appSecret, corpo)>`; ausente → 401, errada → 403) e o tenant sai do `metadata.phone_number_id` de cada mudança. Notificações em lote (várias entradas, mudanças, mensagens e recibos) são gravadas e respondidas na hora; o worker processa depois. Número desconhecido: 200 sem efeito.
         */
        post: operations["callback_meta_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/text": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar texto
         * @description A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com `status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo WebSocket ou pelos webhooks).
         */
        post: operations["send_text"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/location": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar localização
         * @description A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com `status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo WebSocket ou pelos webhooks).
         */
        post: operations["send_location"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar mensagem de qualquer tipo
         * @description A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com `status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo WebSocket ou pelos webhooks).
         */
        post: operations["send_any"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/reaction": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reagir a uma mensagem
         * @description Reage com um emoji a uma mensagem da conversa com `to` (recebida dele ou enviada a ele e já aceita pelo provedor); `emoji` vazio remove a reação. Sai pelo número que tem a mensagem. Exige um provedor com a capacidade `reaction` (veja `GET /api/v1/sessions/providers`). A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com `status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo WebSocket ou pelos webhooks).
         */
        post: operations["send_reaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar imagem, vídeo, documento ou figurinha
         * @description Formulário multipart: `file` (upload), ou `url` (link público), ou `mediaId` (mídia já enviada). Figurinha (`type: sticker`) só em WebP e sem legenda. A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com `status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo WebSocket ou pelos webhooks).
         */
        post: operations["send_media"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar áudio (mensagem de voz)
         * @description Formulário multipart com `file` (OGG/Opus; a gravação WebM/Opus do navegador é convertida para OGG), `url` ou `mediaId`; vai como mensagem de voz (PTT). A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com `status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo WebSocket ou pelos webhooks).
         */
        post: operations["send_audio"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/send-bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Envio em massa
         * @description Aceita a lista inteira de uma vez (até 10.000 destinatários por padrão) e despacha em segundo plano, respeitando o limite de envio de cada número. `{{variavel}}` no conteúdo é trocada pelos `variables` de cada destinatário. Números repetidos recebem uma vez só. Acompanhe em `GET /api/v1/messages/bulk/{bulkId}`.
         */
        post: operations["send_bulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar envios em massa
         * @description Os envios em massa do tenant, mais recentes primeiro, com o progresso de cada um.
         */
        get: operations["list_bulk_sends"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/bulk/{bulk_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Progresso do envio em massa
         * @description As contagens por status. O mesmo conteúdo chega pelo evento `bulk.progress` (WebSocket e webhooks), no máximo um por segundo por envio enquanto ele anda, e um último com `status: completed`.
         */
        get: operations["bulk_progress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{message_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status de uma mensagem */
        get: operations["message_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar mensagens
         * @description Mais recentes primeiro, com paginação por cursor (estável mesmo com mensagens chegando).
         */
        get: operations["list_messages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Entrar com e-mail e senha
         * @description O tenant vem do cabeçalho `X-Client-Id`. Devolve um token de acesso de curta duração e um refresh token rotativo. Tenant inexistente ou desativado, e-mail desconhecido e senha errada recebem a mesma resposta (`credenciais_invalidas`); só com a senha certa de um tenant desativado a resposta é `tenant_invalido`. Tentativas são limitadas por conta + IP (espera que dobra a cada falha), por IP e por conta: além do limite, 429 com `Retry-After`.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Renovar tokens
         * @description Troca um refresh token por um par novo. Cada refresh token vale uma vez: reutilizar um token já trocado revoga toda a sessão (sinal de roubo). Tenant inexistente ou desativado recebe a mesma resposta de um token inválido.
         */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sair
         * @description Encerra a sessão do token apresentado: o refresh token deixa de valer e o token de acesso é recusado a partir de agora.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Quem sou eu
         * @description Dados do usuário (ou da chave de API) autenticado e do seu tenant.
         */
        get: operations["me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Listar usuários do tenant */
        get: operations["list_users"];
        put?: never;
        /**
         * Criar usuário
         * @description Só administradores autenticados como pessoa: uma chave de API não cria credenciais humanas.
         */
        post: operations["create_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Trocar a própria senha
         * @description Exige a senha atual. Encerra as outras sessões do usuário; a atual continua válida.
         */
        put: operations["change_own_password"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter usuário */
        get: operations["get_user"];
        put?: never;
        post?: never;
        /** Excluir usuário */
        delete: operations["delete_user"];
        options?: never;
        head?: never;
        /**
         * Atualizar usuário
         * @description Altera nome, papel ou ativa/desativa. Desativar ou trocar o papel encerra as sessões do usuário na hora. Papel só por administradores (pessoas); chaves de API com `users:write` alteram nome e ativação de usuários de papel user. Senhas têm rotas próprias.
         */
        patch: operations["update_user"];
        trace?: never;
    };
    "/api/v1/users/{user_id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Redefinir a senha de outro usuário
         * @description Um administrador (pessoa, nunca uma chave de API) define uma senha nova para outro usuário do tenant. Todas as sessões do usuário são encerradas na hora e a redefinição fica na auditoria. Para a própria senha use `PUT /api/v1/users/me/password` (exige a senha atual).
         */
        put: operations["reset_password"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/scopes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Escopos disponíveis para chaves de API */
        get: operations["list_scopes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Listar chaves de API */
        get: operations["list_api_keys"];
        put?: never;
        /**
         * Criar chave de API
         * @description A chave completa aparece só nesta resposta. Use-a em `Authorization: Bearer <chave>` ou `X-Api-Key: <chave>`, sempre com `X-Client-Id`.
         */
        post: operations["create_api_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revogar chave de API
         * @description A chave deixa de funcionar imediatamente, em todas as réplicas.
         */
        delete: operations["revoke_api_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ler configurações do tenant */
        get: operations["get_settings"];
        /**
         * Substituir configurações do tenant
         * @description Substitui todas as configurações; campos omitidos voltam ao padrão.
         */
        put: operations["put_settings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/provider-switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trocar o provedor ativo
         * @description Coloca o provedor no topo da ordem de preferência: novos envios em modo `auto` passam a usá-lo na hora (os demais ficam como fallback, se ligado).
         */
        post: operations["provider_switch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar tenants
         * @description Só para o superadmin da plataforma.
         */
        get: operations["list_tenants"];
        put?: never;
        /**
         * Criar tenant
         * @description Cria o tenant e, se `admin` vier no corpo, o seu primeiro administrador.
         */
        post: operations["create_tenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{client_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter tenant */
        get: operations["get_tenant"];
        put?: never;
        post?: never;
        /**
         * Desativar tenant
         * @description Desativa o tenant (os dados são preservados; reative com PATCH `isActive: true`). Requisições do tenant passam a receber 401.
         */
        delete: operations["deactivate_tenant"];
        options?: never;
        head?: never;
        /**
         * Atualizar tenant
         * @description Altera o nome ou reativa/desativa o tenant.
         */
        patch: operations["update_tenant"];
        trace?: never;
    };
    "/api/v1/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Consultar a trilha de auditoria
         * @description Toda operação que altera estado gera um registro: quem, o quê, em qual recurso, de qual IP e quando. Mais recentes primeiro.
         */
        get: operations["list_audit_logs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/initialize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Conectar um número
         * @description Cria (ou reconecta) a sessão de um número com o provedor escolhido. A configuração é validada pelo esquema do provedor e guardada cifrada. O sandbox conecta na hora; o Baileys passa por `qr` até o celular ler o QR code.
         */
        post: operations["initialize_session"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Status das sessões
         * @description Todas as sessões do tenant ou, com `sessionId`, só uma.
         */
        get: operations["sessions_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Desconectar um número
         * @description Encerra a sessão no provedor; mensagens pendentes dela passam a usar outra sessão conectada (com fallback) ou esperam a reconexão.
         */
        delete: operations["disconnect_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session_id}/reconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reconectar um número
         * @description Conecta de novo com a configuração guardada (depois de desconectar, de uma falha ou de um logout feito no celular), sem reenviar as credenciais. No Baileys, sem credenciais válidas guardadas, volta a `qr`.
         */
        post: operations["reconnect_session"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Provedores disponíveis
         * @description Os provedores instalados nesta instância e o que cada um sabe enviar.
         */
        get: operations["list_providers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session_id}/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Templates do número
         * @description Os templates de mensagem do número, como o provedor os informa (na Meta, os da conta WhatsApp Business): só os aprovados (`APPROVED`), que podem ser enviados com `type: template`, ou todos com `status=all`. A lista fica em cache por 60 s. Só provedores com a capacidade `templates` (a Meta e, para testes, o sandbox) têm templates.
         */
        get: operations["list_templates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Listar sessões */
        get: operations["list_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar conversas
         * @description Não lidas primeiro (por padrão) e depois as mais recentes. Busca por nome ou número.
         */
        get: operations["list_conversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter conversa */
        get: operations["get_conversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Mensagens da conversa
         * @description Mais recentes primeiro, com paginação por cursor.
         */
        get: operations["conversation_messages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Marcar conversa como lida
         * @description Zera as não lidas (evento `conversation.updated`) e, em segundo plano, avisa o contato que as mensagens dele foram lidas (os tiques azuis), se o provedor do número faz isso (capacidade `mark_read`). Marcar de novo uma conversa sem mensagens novas não avisa nada. Com `{"typing": true}`, mostra também "digitando…" ao contato (Meta), como faz quem vai responder.
         */
        post: operations["mark_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/sessions/{session_id}/incoming": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simular mensagem recebida de um cliente
         * @description Entra pelo mesmo caminho das mensagens reais: evento bruto idempotente, conversa, mensagem, mídia, tempo real e webhooks.
         */
        post: operations["sandbox_incoming"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/sessions/{session_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simular recibo de status
         * @description Injeta um recibo (entregue, lido, falhou) para uma mensagem enviada por esta sessão, como o provedor faria — inclusive fora de ordem ou repetido.
         */
        post: operations["sandbox_status"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/sessions/{session_id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simular mudança de estado da sessão
         * @description O número simulado avisa um novo estado (QR novo, código de pareamento, conectado, desconectado, deslogado), como o serviço Baileys faria a qualquer momento: a sessão é atualizada e o evento `session.status` sai no WebSocket e nos webhooks.
         */
        post: operations["sandbox_state"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/sessions/{session_id}/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Programar falhas de envio
         * @description As próximas `count` tentativas de envio por este número falham (transient: o serviço tenta de novo ou usa outro provedor; permanent: a mensagem termina em failed).
         */
        post: operations["sandbox_failures"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox/sessions/{session_id}/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** O que o número simulado entregou */
        get: operations["sandbox_outbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tipos de evento que um endpoint pode receber
         * @description Use estes tipos em `events` ao cadastrar um endpoint, ou `["*"]` para todos. O evento `webhook.test` não entra na lista: ele só é enviado pela rota de teste de um endpoint.
         */
        get: operations["list_event_types"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar endpoints de webhook
         * @description Do mais novo para o mais antigo. O segredo de assinatura nunca aparece aqui.
         */
        get: operations["list_webhook_endpoints"];
        put?: never;
        /**
         * Criar endpoint de webhook
         * @description O segredo de assinatura (`whsec_...`) aparece só nesta resposta (e ao rotacioná-lo). A URL precisa ser http(s), sem usuário/senha, e resolver para um endereço público da internet: endereços internos (loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados com 422, salvo se o operador ligar WEBHOOK_ALLOW_PRIVATE.
         */
        post: operations["create_webhook_endpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{endpoint_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter endpoint de webhook */
        get: operations["get_webhook_endpoint"];
        put?: never;
        post?: never;
        /**
         * Excluir endpoint de webhook
         * @description Exclui o endpoint e o seu histórico de entregas; tentativas pendentes são canceladas.
         */
        delete: operations["delete_webhook_endpoint"];
        options?: never;
        head?: never;
        /**
         * Atualizar endpoint de webhook
         * @description Altera URL (verificada de novo), eventos, descrição ou ativa/desativa. Entregas pendentes de um endpoint desativado terminam como `failed`.
         */
        patch: operations["update_webhook_endpoint"];
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{endpoint_id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Gerar novo segredo de assinatura
         * @description O segredo antigo deixa de valer imediatamente; o novo aparece só nesta resposta. Tentativas seguintes (inclusive reenvios de eventos antigos) já saem assinadas com ele.
         */
        post: operations["rotate_webhook_secret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{endpoint_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar evento de teste
         * @description Enfileira um evento `webhook.test` só para este endpoint, pela mesma entrega durável (assinada, com novas tentativas). Acompanhe o resultado em `GET /api/v1/webhooks/deliveries/{id}`.
         */
        post: operations["send_webhook_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar entregas de um endpoint
         * @description Da mais nova para a mais antiga, com filtro por status e tipo de evento.
         */
        get: operations["list_webhook_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/deliveries/{delivery_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Obter entrega de webhook
         * @description Inclui o envelope enviado, as tentativas, o último status HTTP ou erro, a próxima tentativa e quando foi entregue.
         */
        get: operations["get_webhook_delivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/deliveries/{delivery_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reenviar entrega
         * @description Para entregas `delivered`, `failed` ou `dead`: começa um ciclo novo de tentativas com o mesmo envelope e o mesmo id de evento (`X-Webhook-Id`), para o receptor poder deduplicar. Entrega ainda `pending` → 409.
         */
        post: operations["replay_webhook_delivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/supabase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Database Webhook do Supabase
         * @description Recebe o Database Webhook do Supabase (INSERT/UPDATE na tabela `messages`): uma mensagem de saída com status `pending` gravada direto no banco (por um CRM ou uma Edge Function) entra na fila de envio. Idempotente: entregas repetidas da mesma linha enfileiram um envio só. O tenant vem da linha gravada. Autenticação: o segredo SUPABASE_WEBHOOK_SECRET no cabeçalho X-Supabase-Webhook-Secret (sem X-Client-Id nem JWT). Outras tabelas, DELETE e linhas que não são mensagens de saída pendentes respondem 200 com o motivo. Passo a passo em docs/supabase.md.
         */
        post: operations["supabase_database_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Criar agente de IA
         * @description Configuração no formato do PRD §13.A (`name`, `systemPrompt`, `capabilities`, `knowledgeBase`, `responseSettings`) mais modelo próprio (`llm`, com a chave guardada cifrada e nunca devolvida), gatilhos, passagem para humano, espera da rajada e horário. Com `template`, parte de um modelo pronto.
         */
        post: operations["create_agent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar agentes de IA
         * @description Do mais novo para o mais antigo. `mode` diz se o agente responde com um modelo (`llm`) ou com o atendente offline de regras (`offline`).
         */
        get: operations["list_agents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Modelos prontos de agente
         * @description Use o `name` em `template` ao criar um agente.
         */
        get: operations["list_agent_templates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Métricas dos agentes de IA
         * @description Respostas, passagens para humano, respostas do atendente offline por falha do modelo (fallbacks), descartes (mensagem nova chegou enquanto gerava), tempo de resposta (média, p50, p95), tempo do modelo, tokens e ferramentas, no período (padrão: últimos 30 dias), por dia. Com `agentId`, só desse agente.
         */
        get: operations["agents_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter agente de IA */
        get: operations["get_agent"];
        put?: never;
        post?: never;
        /**
         * Excluir agente de IA
         * @description As conversas atribuídas a ele ficam sem agente; a base de conhecimento só dele é apagada junto.
         */
        delete: operations["delete_agent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}/configure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Configurar agente de IA
         * @description Altera só os campos enviados (objetos como `responseSettings` são trocados inteiros). `llm.apiKey` vazio ("") apaga a chave própria; `llm: null` volta ao modelo da instalação.
         */
        put: operations["configure_agent"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}/assign-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Atribuir conversa ao agente
         * @description O agente passa a responder as próximas mensagens do contato nesta conversa (e volta a responder, se estava pausado).
         */
        post: operations["assign_conversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}/unassign-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Desligar o agente na conversa
         * @description O agente para de responder nesta conversa (nem o agente padrão do tenant a assume de novo) até uma nova atribuição.
         */
        post: operations["unassign_conversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}/pause-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Passar a conversa para humano
         * @description Pausa o agente nesta conversa (evento `ai.handoff`, motivo `operator`). Uma mensagem enviada por um operador na conversa faz o mesmo.
         */
        post: operations["pause_conversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}/resume-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retomar o agente na conversa
         * @description Depois de uma passagem para humano, o agente volta a responder (evento `ai.resumed`).
         */
        post: operations["resume_conversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Testar o agente (playground)
         * @description O mesmo caminho que responde às conversas, com a mensagem dada e, se quiser, o histórico — sem enviar nada e sem gravar (agendamentos são só simulados). Mostra o modo usado, as ferramentas chamadas, os tokens e o tempo.
         */
        post: operations["test_agent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar documentos da base de conhecimento
         * @description Do mais novo para o mais antigo. Sem `agentId`, todos os documentos do tenant (os de cada agente e os que valem para todos).
         */
        get: operations["list_knowledge_documents"];
        put?: never;
        /**
         * Enviar documento para a base de conhecimento
         * @description Multipart com o campo `file` (TXT, Markdown (.md), CSV e PDF) e, opcionais, `agentId` e `title`. O texto é extraído, dividido em trechos de até ~1000 caracteres e indexado para a busca em português. Com um modelo de embeddings configurado (AI_EMBEDDINGS_MODEL ou o do agente), os trechos também ganham vetores; se o modelo falhar, o documento é salvo assim mesmo e `embeddingError` diz por quê. Limite de tamanho: o de MEDIA_MAX_BYTES (16 MB por padrão).
         */
        post: operations["upload_knowledge_document"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/documents/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter documento da base de conhecimento */
        get: operations["get_knowledge_document"];
        put?: never;
        post?: never;
        /**
         * Excluir documento da base de conhecimento
         * @description Exclui o documento e os seus trechos: eles deixam de aparecer na busca na hora.
         */
        delete: operations["delete_knowledge_document"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pesquisar na base de conhecimento
         * @description A mesma busca que os agentes usam: entre os documentos do tenant todo e, com `agentId`, também os daquele agente (sem `agentId`, só os do tenant todo). Busca textual em português que ignora acentos e maiúsculas e reconhece plural e singular; as palavras da pergunta são unidas por OU. Com um modelo de embeddings configurado, também por similaridade dos vetores, e as duas listas são fundidas (Reciprocal Rank Fusion). Pergunta sem palavras (só pontuação) → lista vazia.
         */
        get: operations["search_knowledge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/properties/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Importar imóveis (CSV ou JSON)
         * @description Multipart com o campo `file`: CSV (separador `;` ou `,`, UTF-8 ou Latin-1) ou JSON (lista de objetos ou `{"properties": [...]}`). Colunas aceitas em português ou inglês: código, tipo, finalidade, quartos, bairro, cidade, uf, preço (`R$ 450.000,00`, `450000`...), área, descrição, url, disponível. Todas as linhas são validadas antes de gravar: se alguma for inválida, nada é importado e a resposta 422 lista os erros (linha ou item, coluna e motivo). Reimportar atualiza pelo código, sem duplicar; colunas que o arquivo não traz ficam como estão. Veja docs/catalogo-e-agendamentos.md.
         */
        post: operations["import_properties"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar e buscar imóveis
         * @description Todos os filtros juntos (E). Tipo, bairro, cidade e `q` ignoram acentos e maiúsculas; o tipo aceita plural e apelidos ("apartamentos", "aptos"); bairro e cidade casam por trecho; `q` exige todas as palavras no código, tipo, finalidade, bairro, cidade, UF ou descrição. Do mais barato ao mais caro (sem preço por último). É a mesma busca que o agente de IA usa.
         */
        get: operations["list_properties"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/properties/{property_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter imóvel */
        get: operations["get_property"];
        put?: never;
        post?: never;
        /**
         * Excluir imóvel
         * @description As visitas já agendadas para ele continuam, sem o vínculo com o imóvel (`propertyId` vazio).
         */
        delete: operations["delete_property"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listar agendamentos de visita
         * @description Da visita mais próxima para a mais distante. `from` e `to` filtram pela data da visita (`from` inclusivo, `to` exclusivo).
         */
        get: operations["list_appointments"];
        put?: never;
        /**
         * Agendar visita
         * @description Agendamento feito por um operador (o agente de IA usa a mesma regra). O imóvel, opcional, vem por `propertyId` ou `propertyCode` e precisa estar disponível. Emite o evento `appointment.created` (WebSocket e webhooks).
         */
        post: operations["create_appointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/appointments/{appointment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Obter agendamento */
        get: operations["get_appointment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Alterar agendamento (remarcar, cancelar, concluir)
         * @description Só os campos enviados mudam. Remarcar (`scheduledFor`) ou reabrir (`status: scheduled`) exige horário no futuro; remarcar uma visita cancelada ou concluída exige reabri-la junto. Se algo mudou, emite `appointment.updated` com `changes` (campos alterados) e `previous` (valores anteriores).
         */
        patch: operations["update_appointment"];
        trace?: never;
    };
    "/api/v1/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Resumo do painel
         * @description Mensagens por dia (recebidas; enviadas por status e por provedor), taxa de entrega (enviadas que chegaram ao provedor sobre as que terminaram), respostas da IA e passagens para humano por dia com o tempo de resposta, e as sessões por provedor e status. Dias no fuso do horário comercial do tenant; padrão: os últimos 14 dias (máximo 92).
         */
        get: operations["dashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{phone}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Exportar dados do contato (LGPD)
         * @description Um arquivo zip, em streaming, com `contato.json`, `conversas.json`, `mensagens.json`, `contexto_ia.json`, `agendamentos.json`, `midias.json` e os arquivos de mídia das mensagens em `midias/`. Considera o número em todas as sessões do tenant, com e sem o nono dígito. Só administradores (ou chaves com `contacts:export`); a exportação fica na auditoria com o número mascarado.
         *
         *     Regra do telefone: telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos.
         */
        get: operations["export_contact_data"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{phone}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Apagar dados do contato (LGPD)
         * @description Apaga numa transação as mensagens, conversas, mídias (linhas; os arquivos logo depois do commit), contexto de IA, agendamentos, eventos brutos dos provedores, entregas de webhook e jobs do contato; retira o conteúdo dos eventos de tempo real e o número dos envios em massa; mascara a auditoria que o citava. Repetir devolve 200 com contagens zeradas. Só administradores (ou chaves com `contacts:erase`).
         *
         *     Regra do telefone: telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos.
         */
        delete: operations["erase_contact_data"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enviar arquivo de mídia
         * @description Multipart com o campo `file`. Tipos aceitos (os do WhatsApp): image/jpeg, image/png, image/webp, video/mp4, video/3gpp, audio/ogg, audio/mpeg, audio/mp4, audio/aac, audio/amr, application/pdf, application/msword, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.ms-excel, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/vnd.ms-powerpoint, application/vnd.openxmlformats-officedocument.presentationml.presentation, text/plain. O tipo real é conferido pelos bytes. Use o `id` devolvido para enviar a mídia em mensagens.
         *
         *     Gravações de voz do navegador (`audio/webm`, WebM/Opus, o único formato que o MediaRecorder do Chromium grava) também são aceitas: os pacotes Opus são passados, sem recodificar, para um OGG/Opus, que é gravado como `audio/ogg` com nome `.ogg` (a resposta já traz `mimeType: audio/ogg`), e assim sai como mensagem de voz. WebM com vídeo, com outro codec ou com mais de uma faixa é recusado com 415; truncado ou corrompido, com 422.
         */
        post: operations["upload_media"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/media/{media_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Metadados de uma mídia */
        get: operations["get_media_metadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/media/{media_id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Baixar o conteúdo de uma mídia
         * @description Devolve os bytes com o Content-Type da mídia. ETag é o SHA-256: com `If-None-Match`, 304.
         */
        get: operations["download_media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Processo vivo (liveness)
         * @description Responde 200 enquanto o processo atende requisições; não consulta dependências.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pronto para tráfego (readiness)
         * @description Verifica o banco e, quando configurados, o Redis e o serviço Baileys (`BAILEYS_URL`). 503 se alguma dependência falhar (o Baileys só conta com `READY_REQUIRES_BAILEYS=true`, o padrão; o resultado dele vem no corpo de qualquer jeito).
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Métricas Prometheus
         * @description Formato texto do Prometheus. As métricas citam tenants e volumes: por padrão só respondem a quem chama do próprio servidor (loopback). Com METRICS_TOKEN definido, exigem `Authorization: Bearer <METRICS_TOKEN>` (de qualquer origem).
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AIDay */
        AIDay: {
            /** Day */
            day: string;
            /** Replies */
            replies: number;
            /** Handoffs */
            handoffs: number;
            /** Avgresponsems */
            avgResponseMs: number;
            /** P95Responsems */
            p95ResponseMs: number | null;
        };
        /** AgentConfigure */
        AgentConfigure: {
            /** Systemprompt */
            systemPrompt?: string | null;
            /** Capabilities */
            capabilities?: ("search_properties" | "schedule_visits" | "provide_documentation" | "calculate_financing")[] | null;
            knowledgeBase?: components["schemas"]["KnowledgeBaseSettings"] | null;
            responseSettings?: components["schemas"]["ResponseSettings"] | null;
            llm?: components["schemas"]["LLMOverride"] | null;
            triggers?: components["schemas"]["Triggers"] | null;
            handoff?: components["schemas"]["Handoff"] | null;
            /**
             * Debounceseconds
             * @description Espera por mais mensagens da mesma rajada antes de responder.
             */
            debounceSeconds?: number | null;
            /**
             * Businesshours
             * @description `always`: responde a qualquer hora. `inside_only`: só no horário comercial do tenant (fora dele manda uma vez a mensagem de fora do horário). `outside_only`: só fora do horário (dentro, a equipe atende).
             */
            businessHours?: ("always" | "inside_only" | "outside_only") | null;
            /** Outofhoursmessage */
            outOfHoursMessage?: string | null;
            /**
             * Ignoregroups
             * @description Não responder mensagens vindas de grupos.
             */
            ignoreGroups?: boolean | null;
            /**
             * Contextttlhours
             * @description Por quanto tempo o contexto da conversa é lembrado.
             */
            contextTtlHours?: number | null;
            /** Isactive */
            isActive?: boolean | null;
            /** Name */
            name?: string | null;
            /**
             * Makedefault
             * @description Tornar (ou deixar de ser) o agente padrão do tenant.
             */
            makeDefault?: boolean | null;
        };
        /** AgentCreate */
        AgentCreate: {
            /** Systemprompt */
            systemPrompt?: string | null;
            /** Capabilities */
            capabilities?: ("search_properties" | "schedule_visits" | "provide_documentation" | "calculate_financing")[] | null;
            knowledgeBase?: components["schemas"]["KnowledgeBaseSettings"] | null;
            responseSettings?: components["schemas"]["ResponseSettings"] | null;
            llm?: components["schemas"]["LLMOverride"] | null;
            triggers?: components["schemas"]["Triggers"] | null;
            handoff?: components["schemas"]["Handoff"] | null;
            /**
             * Debounceseconds
             * @description Espera por mais mensagens da mesma rajada antes de responder.
             */
            debounceSeconds?: number | null;
            /**
             * Businesshours
             * @description `always`: responde a qualquer hora. `inside_only`: só no horário comercial do tenant (fora dele manda uma vez a mensagem de fora do horário). `outside_only`: só fora do horário (dentro, a equipe atende).
             */
            businessHours?: ("always" | "inside_only" | "outside_only") | null;
            /** Outofhoursmessage */
            outOfHoursMessage?: string | null;
            /**
             * Ignoregroups
             * @description Não responder mensagens vindas de grupos.
             */
            ignoreGroups?: boolean | null;
            /**
             * Contextttlhours
             * @description Por quanto tempo o contexto da conversa é lembrado.
             */
            contextTtlHours?: number | null;
            /** Isactive */
            isActive?: boolean | null;
            /**
             * Name
             * @example Especialista em Imóveis
             */
            name: string;
            /**
             * Template
             * @description Parte de um modelo pronto (GET /api/v1/agents/templates); os campos enviados valem.
             */
            template?: ("real_estate" | "customer_support") | null;
            /**
             * Makedefault
             * @description Tornar o agente padrão do tenant (conversas novas).
             * @default false
             */
            makeDefault: boolean;
        };
        /** AgentMetricsOut */
        AgentMetricsOut: {
            /**
             * Since
             * Format: date-time
             */
            since: string;
            /**
             * Until
             * Format: date-time
             */
            until: string;
            /** Runs */
            runs: number;
            /** Replies */
            replies: number;
            /** Handoffs */
            handoffs: number;
            /** Fallbacks */
            fallbacks: number;
            /** Discarded */
            discarded: number;
            /** Outofhours */
            outOfHours: number;
            /** Failed */
            failed: number;
            /** Bymode */
            byMode: {
                [key: string]: number;
            };
            /** Avgresponsems */
            avgResponseMs: number | null;
            /** P50Responsems */
            p50ResponseMs: number | null;
            /** P95Responsems */
            p95ResponseMs: number | null;
            /** Avgmodelms */
            avgModelMs: number | null;
            /** Prompttokens */
            promptTokens: number;
            /** Completiontokens */
            completionTokens: number;
            /** Toolcalls */
            toolCalls: number;
            /** Perday */
            perDay: components["schemas"]["MetricsDay"][];
        };
        /** AgentOut */
        AgentOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Type */
            type: string | null;
            /** Isactive */
            isActive: boolean;
            /** Isdefault */
            isDefault: boolean;
            /**
             * Mode
             * @description `llm`: responde com o modelo configurado. `offline`: atendente de regras em pt-BR + base de conhecimento + ferramentas, sem modelo de linguagem.
             * @enum {string}
             */
            mode: "llm" | "offline";
            /** Systemprompt */
            systemPrompt: string;
            /** Capabilities */
            capabilities: string[];
            knowledgeBase: components["schemas"]["KnowledgeBaseOut"];
            /** Responsesettings */
            responseSettings: {
                [key: string]: unknown;
            };
            llm: components["schemas"]["LLMOut"];
            /** Triggers */
            triggers: {
                [key: string]: unknown;
            };
            /** Handoff */
            handoff: {
                [key: string]: unknown;
            };
            /** Debounceseconds */
            debounceSeconds: number;
            /** Businesshours */
            businessHours: string;
            /** Outofhoursmessage */
            outOfHoursMessage: string | null;
            /** Ignoregroups */
            ignoreGroups: boolean;
            /** Contextttlhours */
            contextTtlHours: number;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** AgentTest */
        AgentTest: {
            /**
             * Message
             * @example Quero ver apartamentos de 2 quartos
             */
            message: string;
            /**
             * History
             * @description Conversa até aqui (opcional).
             */
            history?: components["schemas"]["TestTurn"][];
        };
        /** AgentTestOut */
        AgentTestOut: {
            /** Reply */
            reply: string;
            /**
             * Parts
             * @description A resposta como seria enviada (respostas longas em várias mensagens).
             */
            parts: string[];
            /**
             * Mode
             * @description `llm`, `offline` ou `fallback` (o modelo falhou e o atendente offline respondeu).
             */
            mode: string;
            /**
             * Handoff
             * @description Motivo, se a resposta passaria a conversa para um humano.
             */
            handoff: string | null;
            /** Toolcalls */
            toolCalls: components["schemas"]["ToolCallOut"][];
            /** Prompttokens */
            promptTokens: number;
            /** Completiontokens */
            completionTokens: number;
            /** Latencyms */
            latencyMs: number;
            /**
             * Error
             * @description O erro do modelo, quando houve fallback.
             */
            error?: string | null;
        };
        /** ApiKeyCreate */
        ApiKeyCreate: {
            /**
             * Name
             * @example Integração ERP
             */
            name: string;
            /**
             * Scopes
             * @description Escopos concedidos: messages:send, messages:read, sessions:read, sessions:write, conversations:read, conversations:write, webhooks:read, webhooks:write, agents:read, agents:write, settings:read, settings:write, users:read, users:write, audit:read, contacts:export, contacts:erase
             */
            scopes: ("messages:send" | "messages:read" | "sessions:read" | "sessions:write" | "conversations:read" | "conversations:write" | "webhooks:read" | "webhooks:write" | "agents:read" | "agents:write" | "settings:read" | "settings:write" | "users:read" | "users:write" | "audit:read" | "contacts:export" | "contacts:erase")[];
            /**
             * Expiresat
             * @description Opcional; sem data a chave não expira.
             */
            expiresAt?: string | null;
        };
        /** ApiKeyCreated */
        ApiKeyCreated: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /**
             * Prefix
             * @description Início visível da chave, para identificá-la.
             */
            prefix: string;
            /** Scopes */
            scopes: string[];
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Expiresat */
            expiresAt: string | null;
            /** Lastusedat */
            lastUsedAt: string | null;
            /** Revokedat */
            revokedAt: string | null;
            /**
             * Key
             * @description A chave completa. É mostrada só agora: guarde-a em local seguro.
             */
            key: string;
        };
        /** ApiKeyOut */
        ApiKeyOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /**
             * Prefix
             * @description Início visível da chave, para identificá-la.
             */
            prefix: string;
            /** Scopes */
            scopes: string[];
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Expiresat */
            expiresAt: string | null;
            /** Lastusedat */
            lastUsedAt: string | null;
            /** Revokedat */
            revokedAt: string | null;
        };
        /** AppointmentCreate */
        AppointmentCreate: {
            /**
             * Contactnumber
             * @description Telefone; aceita formatos como +55 (11) 99999-9999, 11999999999 ou JID do WhatsApp. É devolvido em E.164 sem '+', com o nono dígito nos celulares brasileiros.
             * @example 5511999999999
             */
            contactNumber: string;
            /** Contactname */
            contactName?: string | null;
            /**
             * Scheduledfor
             * Format: date-time
             * @description Data e hora da visita (ISO 8601, com fuso: 2026-12-15T10:00:00-03:00; sem fuso vale como UTC). Precisa ser no futuro e no máximo 365 dias à frente.
             * @example 2026-12-15T10:00:00-03:00
             */
            scheduledFor: string;
            /**
             * Propertyid
             * @description Imóvel visitado (id).
             */
            propertyId?: string | null;
            /**
             * Propertycode
             * @description Ou o código do imóvel, como no arquivo importado.
             */
            propertyCode?: string | null;
            /** Notes */
            notes?: string | null;
            /**
             * Conversationid
             * @description Conversa de onde saiu o agendamento.
             */
            conversationId?: string | null;
        };
        /** AppointmentOut */
        AppointmentOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Propertyid */
            propertyId: string | null;
            /** Contactnumber */
            contactNumber: string;
            /** Contactname */
            contactName: string | null;
            /**
             * Scheduledfor
             * Format: date-time
             */
            scheduledFor: string;
            /**
             * Status
             * @enum {string}
             */
            status: "scheduled" | "cancelled" | "done";
            /** Notes */
            notes: string | null;
            /**
             * Agentid
             * @description Agente de IA que agendou (vazio: agendado por um operador).
             */
            agentId: string | null;
            /** Conversationid */
            conversationId: string | null;
            /**
             * Createdby
             * @description Quem agendou: e-mail do usuário, nome da chave de API ou o agente.
             */
            createdBy: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /**
         * AppointmentUpdate
         * @description Só os campos enviados mudam; `notes: null` (ou vazia) as remove.
         */
        AppointmentUpdate: {
            /**
             * Status
             * @description scheduled (reaberta), cancelled (cancelada) ou done (realizada).
             */
            status?: ("scheduled" | "cancelled" | "done") | null;
            /**
             * Scheduledfor
             * @description Data e hora da visita (ISO 8601, com fuso: 2026-12-15T10:00:00-03:00; sem fuso vale como UTC). Precisa ser no futuro e no máximo 365 dias à frente.
             */
            scheduledFor?: string | null;
            /** Notes */
            notes?: string | null;
        };
        /** AssignConversation */
        AssignConversation: {
            /**
             * Conversationid
             * Format: uuid
             * @description Conversa (GET /api/v1/conversations).
             */
            conversationId: string;
        };
        /** AuditLogOut */
        AuditLogOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Actortype */
            actorType: string;
            /** Actorid */
            actorId: string | null;
            /** Actorlabel */
            actorLabel: string | null;
            /** Action */
            action: string;
            /** Resourcetype */
            resourceType: string | null;
            /** Resourceid */
            resourceId: string | null;
            /** Method */
            method: string;
            /** Path */
            path: string;
            /** Statuscode */
            statusCode: number | null;
            /** Ip */
            ip: string | null;
            /** Useragent */
            userAgent: string | null;
            /** Requestid */
            requestId: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            } | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
        };
        /** Body_send_audio */
        Body_send_audio: {
            /** To */
            to: string;
            /** File */
            file?: string;
            /** Url */
            url?: string;
            /**
             * Mediaid
             * Format: uuid
             */
            mediaId?: string;
            /**
             * Provider
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /**
             * Sessionid
             * Format: uuid
             */
            sessionId?: string;
            /**
             * Replyto
             * Format: uuid
             * @description Responde citando esta mensagem (o `messageId` dela neste serviço): recebida do mesmo contato ou enviada a ele, e já aceita pelo provedor. Sem `sessionId`, a resposta sai pelo número que tem a mensagem.
             */
            replyTo?: string;
        };
        /** Body_send_media */
        Body_send_media: {
            /** To */
            to: string;
            /**
             * Type
             * @default image
             * @enum {string}
             */
            type: "image" | "video" | "document" | "sticker";
            /** File */
            file?: string;
            /** Url */
            url?: string;
            /**
             * Mediaid
             * Format: uuid
             */
            mediaId?: string;
            /** Caption */
            caption?: string;
            /** Filename */
            filename?: string;
            /**
             * Provider
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /**
             * Sessionid
             * Format: uuid
             */
            sessionId?: string;
            /**
             * Replyto
             * Format: uuid
             * @description Responde citando esta mensagem (o `messageId` dela neste serviço): recebida do mesmo contato ou enviada a ele, e já aceita pelo provedor. Sem `sessionId`, a resposta sai pelo número que tem a mensagem.
             */
            replyTo?: string;
        };
        /** BulkAccepted */
        BulkAccepted: {
            /**
             * Bulkid
             * Format: uuid
             */
            bulkId: string;
            /** Status */
            status: string;
            /** Total */
            total: number;
            /** Duplicatesremoved */
            duplicatesRemoved: number;
        };
        /**
         * BulkProgress
         * @description O progresso de um envio em massa: a resposta da consulta, os itens da listagem e o `data` do evento
         *     `bulk.progress`.
         */
        BulkProgress: {
            /**
             * Bulkid
             * Format: uuid
             */
            bulkId: string;
            /**
             * Status
             * @description queued, dispatching ou completed.
             */
            status: string;
            /**
             * Type
             * @description O tipo das mensagens (text, image, template…).
             */
            type: string;
            /** Total */
            total: number;
            /**
             * Created
             * @description Mensagens já criadas a partir da lista.
             */
            created: number;
            /** Pending */
            pending: number;
            /** Sent */
            sent: number;
            /** Delivered */
            delivered: number;
            /** Read */
            read: number;
            /** Failed */
            failed: number;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Completedat */
            completedAt: string | null;
        };
        /** BulkRecipient */
        BulkRecipient: {
            /**
             * To
             * @description Telefone; aceita formatos como +55 (11) 99999-9999, 11999999999 ou JID do WhatsApp. É devolvido em E.164 sem '+', com o nono dígito nos celulares brasileiros.
             * @example 5511999999999
             */
            to: string;
            /**
             * Variables
             * @description Valores para {{variavel}} no conteúdo.
             */
            variables?: {
                [key: string]: string;
            };
        };
        /** BulkSendRequest */
        BulkSendRequest: {
            /**
             * Recipients
             * @description Até BULK_MAX_RECIPIENTS destinatários.
             */
            recipients: components["schemas"]["BulkRecipient"][];
            /**
             * Type
             * @default text
             * @enum {string}
             */
            type: "text" | "image" | "video" | "document" | "audio" | "sticker" | "location" | "contacts" | "interactive" | "template";
            /**
             * Content
             * @description Texto com {{variáveis}}, ou o objeto do `type` (mídia, localização, contatos, botões/lista, template). As variáveis valem no texto, na legenda, no corpo/cabeçalho/rodapé dos botões e listas e nos parâmetros `text` dos templates.
             */
            content: string | {
                [key: string]: unknown;
            };
            /**
             * Provider
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /** Sessionid */
            sessionId?: string | null;
        } & (unknown & unknown & unknown & unknown & unknown & unknown);
        /** BusinessHours */
        BusinessHours: {
            /**
             * Enabled
             * @default false
             */
            enabled: boolean;
            /**
             * Timezone
             * @default America/Sao_Paulo
             */
            timezone: string;
            /** Intervals */
            intervals?: components["schemas"]["BusinessInterval"][];
            /** Outofhoursmessage */
            outOfHoursMessage?: string | null;
        };
        /** BusinessInterval */
        BusinessInterval: {
            /**
             * Day
             * @enum {string}
             */
            day: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
            /**
             * Start
             * Format: time
             * @description Início, HH:MM.
             */
            start: string;
            /**
             * End
             * Format: time
             * @description Fim, HH:MM (depois do início).
             */
            end: string;
        };
        /** CallbackAck */
        CallbackAck: {
            /**
             * Accepted
             * @description Eventos novos gravados (serão processados pelo worker).
             */
            accepted: number;
            /**
             * Duplicates
             * @description Eventos que já tinham chegado antes (ignorados).
             */
            duplicates: number;
            /**
             * Ignored
             * @description Eventos de sessão desconhecida ou de outro provedor (sem efeito).
             */
            ignored: number;
        };
        /** ConversationAgentOut */
        ConversationAgentOut: {
            /**
             * Conversationid
             * Format: uuid
             */
            conversationId: string;
            /** Agentid */
            agentId: string | null;
            /**
             * Botstate
             * @description `active` (o agente responde), `handoff` (pausado) ou vazio.
             */
            botState: string | null;
            /** Handoffreason */
            handoffReason?: string | null;
            /** Handoffuntil */
            handoffUntil?: string | null;
        };
        /** ConversationOut */
        ConversationOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Sessionid
             * Format: uuid
             */
            sessionId: string;
            /** Contactnumber */
            contactNumber: string;
            /** Contactname */
            contactName: string | null;
            /** Lastmessageat */
            lastMessageAt: string | null;
            /** Lastmessagepreview */
            lastMessagePreview: string | null;
            /** Lastmessagedirection */
            lastMessageDirection: string | null;
            /**
             * Lastinboundat
             * @description Última mensagem recebida do contato. Em números da Meta, mensagens que não são template só saem até 24 horas depois dela (janela de atendimento).
             */
            lastInboundAt: string | null;
            /** Unreadcount */
            unreadCount: number;
            /** Assignedagentid */
            assignedAgentId: string | null;
            /** Botstate */
            botState: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** ConversationRef */
        ConversationRef: {
            /**
             * Conversationid
             * Format: uuid
             * @description Conversa (GET /api/v1/conversations).
             */
            conversationId: string;
        };
        /** DashboardOut */
        DashboardOut: {
            /**
             * Since
             * Format: date-time
             */
            since: string;
            /**
             * Until
             * Format: date-time
             */
            until: string;
            /**
             * Timezone
             * @description Fuso dos dias (o do horário comercial do tenant).
             */
            timezone: string;
            /** Messagesperday */
            messagesPerDay: components["schemas"]["MessagesDay"][];
            /** Messagesbyprovider */
            messagesByProvider: {
                [key: string]: number;
            };
            delivery: components["schemas"]["DeliveryRate"];
            /** Aiperday */
            aiPerDay: components["schemas"]["AIDay"][];
            /** Aireplies */
            aiReplies: number;
            /** Aihandoffs */
            aiHandoffs: number;
            /** Aiavgresponsems */
            aiAvgResponseMs: number | null;
            /** Aip95Responsems */
            aiP95ResponseMs: number | null;
            /**
             * Sessions
             * @description Sessões ativas (não excluídas) por provedor e status.
             */
            sessions: components["schemas"]["SessionCount"][];
            /** Connectedsessions */
            connectedSessions: number;
        };
        /** DeliveryRate */
        DeliveryRate: {
            /**
             * Delivered
             * @description Enviadas que chegaram ao provedor (sent, delivered, read, played).
             */
            delivered: number;
            /** Failed */
            failed: number;
            /**
             * Rate
             * @description delivered / (delivered + failed); vazio sem envios terminados.
             */
            rate: number | null;
        };
        /** ErasureCounts */
        ErasureCounts: {
            /**
             * Messages
             * @description Mensagens apagadas.
             */
            messages: number;
            /**
             * Conversations
             * @description Conversas apagadas.
             */
            conversations: number;
            /**
             * Media
             * @description Mídias apagadas (linhas e arquivos). Mídia usada também por outros contatos fica.
             */
            media: number;
            /**
             * Aiconversations
             * @description Contextos de IA apagados (ai_conversations).
             */
            aiConversations: number;
            /**
             * Appointments
             * @description Agendamentos apagados.
             */
            appointments: number;
            /**
             * Inboundevents
             * @description Eventos brutos recebidos dos provedores apagados.
             */
            inboundEvents: number;
            /**
             * Webhookdeliveries
             * @description Entregas de webhook (com o payload) apagadas.
             */
            webhookDeliveries: number;
            /**
             * Jobs
             * @description Jobs pendentes que citavam o contato, apagados.
             */
            jobs: number;
            /**
             * Sandboxoutbox
             * @description Registros do número simulado (sandbox) apagados.
             */
            sandboxOutbox: number;
            /**
             * Realtimeeventsredacted
             * @description Eventos de tempo real com o conteúdo removido (o seq fica).
             */
            realtimeEventsRedacted: number;
            /**
             * Bulksendsredacted
             * @description Envios em massa com o número retirado da lista de destinatários.
             */
            bulkSendsRedacted: number;
            /**
             * Auditlogsmasked
             * @description Linhas de auditoria mascaradas (sem recurso e detalhes).
             */
            auditLogsMasked: number;
        };
        /** ErasureResult */
        ErasureResult: {
            /**
             * Phone
             * @description O número, mascarado (só os 4 últimos dígitos).
             * @example *********9999
             */
            phone: string;
            counts: components["schemas"]["ErasureCounts"];
            /**
             * Total
             * @description Soma das contagens; 0 numa segunda chamada (a eliminação é idempotente).
             */
            total: number;
        };
        /** EventTypeOut */
        EventTypeOut: {
            /** Type */
            type: string;
            /** Description */
            description: string;
        };
        /** FailurePlan */
        FailurePlan: {
            /**
             * Mode
             * @enum {string}
             */
            mode: "transient" | "permanent";
            /**
             * Count
             * @description Quantas próximas tentativas falham (0 cancela).
             */
            count: number;
        };
        /** FieldError */
        FieldError: {
            /**
             * Field
             * @description Caminho do campo inválido.
             */
            field: string;
            /**
             * Location
             * @description Parte da requisição: body, query, path ou header.
             */
            location: string;
            /**
             * Message
             * @description Mensagem em pt-BR.
             */
            message: string;
            /**
             * Type
             * @description Tipo técnico do erro.
             */
            type: string;
        };
        /** Handoff */
        Handoff: {
            /**
             * Keywords
             * @description Mensagem do cliente com uma destas palavras passa a conversa para um humano.
             */
            keywords?: string[];
            /**
             * Message
             * @default Certo! Vou chamar um atendente da nossa equipe, que continua a conversa com você em instantes.
             */
            message: string;
            /**
             * Resumeafterminutes
             * @description O agente volta a responder sozinho este tempo depois da passagem para humano (vazio: só retomando pela API).
             */
            resumeAfterMinutes?: number | null;
        };
        /** IncomingAccepted */
        IncomingAccepted: {
            /**
             * Messageid
             * @description Id do provedor (simulado) da mensagem recebida.
             */
            messageId: string;
            /**
             * Duplicate
             * @description true se este id já tinha chegado (nada novo foi gravado).
             */
            duplicate: boolean;
        };
        /** IncomingLocation */
        IncomingLocation: {
            /** Latitude */
            latitude: number;
            /** Longitude */
            longitude: number;
            /** Name */
            name?: string | null;
            /** Address */
            address?: string | null;
        };
        /** IncomingMedia */
        IncomingMedia: {
            /**
             * Mediaid
             * @description Mídia enviada antes em POST /api/v1/media.
             */
            mediaId?: string | null;
            /**
             * Base64
             * @description Conteúdo em base64.
             */
            base64?: string | null;
            /** Mimetype */
            mimeType?: string | null;
            /** Filename */
            filename?: string | null;
            /** Caption */
            caption?: string | null;
        } & (unknown | unknown);
        /** IncomingMessage */
        IncomingMessage: {
            /**
             * From
             * @description Número do cliente que escreve.
             * @example 5511999999999
             */
            from: string;
            /**
             * Name
             * @description Nome do perfil do cliente.
             */
            name?: string | null;
            /**
             * Type
             * @default text
             * @enum {string}
             */
            type: "text" | "image" | "video" | "audio" | "document" | "location";
            /** Text */
            text?: string | null;
            media?: components["schemas"]["IncomingMedia"] | null;
            location?: components["schemas"]["IncomingLocation"] | null;
            /**
             * Messageid
             * @description Id do provedor; repetir o mesmo id simula um evento duplicado.
             */
            messageId?: string | null;
            /**
             * Replyto
             * @description Id do provedor da mensagem respondida (citação).
             */
            replyTo?: string | null;
        } & (unknown & unknown & unknown);
        /** KnowledgeBaseOut */
        KnowledgeBaseOut: {
            /** Type */
            type: string;
        };
        /** KnowledgeBaseSettings */
        KnowledgeBaseSettings: {
            /**
             * Type
             * @description `full_text`: busca textual em português. `vector_db`: também por similaridade de embeddings (precisa de um modelo de embeddings: AI_EMBEDDINGS_MODEL ou `llm.embeddingsModel`), com ranking híbrido.
             * @default full_text
             * @enum {string}
             */
            type: "full_text" | "vector_db";
            /**
             * Connectionstring
             * @description Aceito pela compatibilidade com o PRD e ignorado: a base de conhecimento fica no banco do wacs.
             */
            connectionString?: string | null;
        };
        /** KnowledgeDocumentCreated */
        KnowledgeDocumentCreated: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Agentid
             * @description Agente dono do documento; vazio: vale para todos os agentes do tenant.
             */
            agentId: string | null;
            /** Title */
            title: string;
            /**
             * Filename
             * @description Nome original do arquivo, sem diretórios.
             */
            filename: string | null;
            /**
             * Mimetype
             * @description Formato identificado: text/plain, text/markdown, text/csv ou application/pdf.
             */
            mimeType: string;
            /**
             * Size
             * @description Tamanho do arquivo em bytes.
             */
            size: number;
            /**
             * Sha256
             * @description Hash SHA-256 do arquivo, em hexadecimal.
             */
            sha256: string;
            /**
             * Chunkcount
             * @description Quantos trechos pesquisáveis o texto rendeu.
             */
            chunkCount: number;
            /**
             * Embeddingmodel
             * @description Modelo de embeddings dos vetores dos trechos; vazio: o documento só entra na busca textual.
             */
            embeddingModel: string | null;
            /**
             * Createdby
             * @description Quem enviou (usuário ou chave de API).
             */
            createdBy: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            /**
             * Embeddingerror
             * @description Por que os vetores (embeddings) não foram gerados, se um modelo estava configurado e falhou. O documento foi salvo assim mesmo e é encontrado pela busca textual.
             */
            embeddingError?: string | null;
        };
        /** KnowledgeDocumentOut */
        KnowledgeDocumentOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Agentid
             * @description Agente dono do documento; vazio: vale para todos os agentes do tenant.
             */
            agentId: string | null;
            /** Title */
            title: string;
            /**
             * Filename
             * @description Nome original do arquivo, sem diretórios.
             */
            filename: string | null;
            /**
             * Mimetype
             * @description Formato identificado: text/plain, text/markdown, text/csv ou application/pdf.
             */
            mimeType: string;
            /**
             * Size
             * @description Tamanho do arquivo em bytes.
             */
            size: number;
            /**
             * Sha256
             * @description Hash SHA-256 do arquivo, em hexadecimal.
             */
            sha256: string;
            /**
             * Chunkcount
             * @description Quantos trechos pesquisáveis o texto rendeu.
             */
            chunkCount: number;
            /**
             * Embeddingmodel
             * @description Modelo de embeddings dos vetores dos trechos; vazio: o documento só entra na busca textual.
             */
            embeddingModel: string | null;
            /**
             * Createdby
             * @description Quem enviou (usuário ou chave de API).
             */
            createdBy: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** KnowledgeHitOut */
        KnowledgeHitOut: {
            /**
             * Chunkid
             * @description Id do trecho.
             */
            chunkId: number;
            /**
             * Documentid
             * Format: uuid
             */
            documentId: string;
            /**
             * Title
             * @description Título do documento.
             */
            title: string;
            /**
             * Excerpt
             * @description Pedaço do trecho (até ~300 caracteres) em volta do primeiro termo encontrado.
             */
            excerpt: string;
            /**
             * Score
             * @description Relevância (maior = melhor), só para ordenar os resultados de uma mesma busca: é a nota da busca textual ou, quando há vetores, a fusão por posição (Reciprocal Rank Fusion).
             */
            score: number;
            /**
             * Source
             * @description Quem encontrou o trecho: text (busca textual), vector (similaridade dos vetores) ou hybrid (as duas).
             * @enum {string}
             */
            source: "text" | "vector" | "hybrid";
        };
        /** KnowledgeSearchOut */
        KnowledgeSearchOut: {
            /** Items */
            items: components["schemas"]["KnowledgeHitOut"][];
        };
        /** LLMOut */
        LLMOut: {
            /** Baseurl */
            baseUrl: string | null;
            /** Model */
            model: string | null;
            /** Azureapiversion */
            azureApiVersion: string | null;
            /** Embeddingsmodel */
            embeddingsModel: string | null;
            /**
             * Hasapikey
             * @description Se o agente tem chave própria (a chave nunca é devolvida).
             */
            hasApiKey: boolean;
        };
        /**
         * LLMOverride
         * @description Modelo próprio do agente; o que faltar vem da instalação (AI_*).
         */
        LLMOverride: {
            /**
             * Baseurl
             * @description URL base compatível com a OpenAI (ex.: https://api.openai.com/v1, um Azure OpenAI, OpenRouter). Só endereços públicos, salvo AI_ALLOW_PRIVATE_BASE_URL.
             */
            baseUrl?: string | null;
            /**
             * Model
             * @description Modelo (na Azure, o deployment).
             */
            model?: string | null;
            /** Azureapiversion */
            azureApiVersion?: string | null;
            /** Embeddingsmodel */
            embeddingsModel?: string | null;
            /**
             * Apikey
             * @description Chave do provedor de IA. Guardada cifrada e nunca devolvida; envie "" para apagar.
             */
            apiKey?: string | null;
        };
        /** Liveness */
        Liveness: {
            /**
             * Status
             * @constant
             */
            status: "ok";
            /** Version */
            version: string;
        };
        /** LocationMessage */
        LocationMessage: {
            /** Latitude */
            latitude: number;
            /** Longitude */
            longitude: number;
            /** Name */
            name?: string | null;
            /** Address */
            address?: string | null;
            /**
             * To
             * @description Destinatário (E.164; números brasileiros com ou sem o nono dígito).
             * @example 5511999999999
             */
            to: string;
            /**
             * Provider
             * @description auto segue a preferência do tenant.
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /**
             * Sessionid
             * @description Envia por esta sessão (número) específica.
             */
            sessionId?: string | null;
            /**
             * Enableai
             * @description Deixa o agente de IA responder depois.
             * @default false
             */
            enableAI: boolean;
            /**
             * Agentid
             * @description Agente de IA que assume a conversa.
             */
            agentId?: string | null;
            /**
             * Replyto
             * @description Responde citando esta mensagem (o `messageId` dela neste serviço): recebida do mesmo contato ou enviada a ele, e já aceita pelo provedor. Sem `sessionId`, a resposta sai pelo número que tem a mensagem.
             */
            replyTo?: string | null;
        };
        /** LoginRequest */
        LoginRequest: {
            /**
             * Email
             * @example admin@demo.local
             */
            email: string;
            /** Password */
            password: string;
        };
        /** MeOut */
        MeOut: {
            /**
             * Kind
             * @description user ou api_key.
             */
            kind: string;
            tenant: components["schemas"]["TenantSummary"];
            user?: components["schemas"]["UserOut"] | null;
            /** Apikeyid */
            apiKeyId?: string | null;
            /** Apikeyname */
            apiKeyName?: string | null;
            /** Scopes */
            scopes?: string[] | null;
        };
        /** MediaOut */
        MediaOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Mimetype
             * @example image/jpeg
             */
            mimeType: string;
            /**
             * Size
             * @description Tamanho em bytes.
             */
            size: number;
            /**
             * Sha256
             * @description Hash SHA-256 do conteúdo, em hexadecimal (também é o ETag do download).
             */
            sha256: string;
            /**
             * Filename
             * @description Nome original do arquivo, sem diretórios.
             */
            filename: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
        };
        /** MessageAccepted */
        MessageAccepted: {
            /**
             * Messageid
             * Format: uuid
             * @description Id da mensagem neste serviço.
             */
            messageId: string;
            /**
             * Status
             * @description sent (aceita pelo provedor), pending (na fila) ou failed.
             */
            status: string;
            /** Provider */
            provider: string | null;
            /**
             * Timestamp
             * Format: date-time
             */
            timestamp: string;
            /** Error */
            error?: string | null;
        };
        /** MessageOut */
        MessageOut: {
            /**
             * Messageid
             * Format: uuid
             */
            messageId: string;
            /** Providermessageid */
            providerMessageId: string | null;
            /** Sessionid */
            sessionId: string | null;
            /** Conversationid */
            conversationId: string | null;
            /** Direction */
            direction: string;
            /** From */
            from: string | null;
            /** To */
            to: string | null;
            /** Type */
            type: string | null;
            /** Content */
            content: {
                [key: string]: unknown;
            } | null;
            /** Status */
            status: string | null;
            /** Provider */
            provider: string | null;
            /** Error */
            error: string | null;
            /** Bulkid */
            bulkId: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** MessagePage */
        MessagePage: {
            /** Items */
            items: components["schemas"]["MessageOut"][];
            /**
             * Nextcursor
             * @description Passe em `cursor` para a próxima página; null no fim.
             */
            nextCursor: string | null;
        };
        /** MessageStatusOut */
        MessageStatusOut: {
            /**
             * Messageid
             * Format: uuid
             */
            messageId: string;
            /** Providermessageid */
            providerMessageId: string | null;
            /** Status */
            status: string;
            /** Provider */
            provider: string | null;
            /** Sessionid */
            sessionId: string | null;
            /** To */
            to: string | null;
            /** Direction */
            direction: string;
            /** Type */
            type: string | null;
            /** Attempts */
            attempts: number;
            /** Error */
            error: string | null;
            /** Errorcode */
            errorCode: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /** Sentat */
            sentAt: string | null;
            /** Deliveredat */
            deliveredAt: string | null;
            /** Readat */
            readAt: string | null;
            /** Failedat */
            failedAt: string | null;
        };
        /** MessagesDay */
        MessagesDay: {
            /**
             * Day
             * @description Dia (AAAA-MM-DD) no fuso do tenant.
             */
            day: string;
            /**
             * Received
             * @default 0
             */
            received: number;
            /**
             * Senttotal
             * @description Mensagens enviadas (aceitas) no dia, em qualquer status.
             * @default 0
             */
            sentTotal: number;
            /**
             * Bystatus
             * @description Enviadas por status atual.
             */
            byStatus?: {
                [key: string]: number;
            };
            /**
             * Byprovider
             * @description Enviadas por provedor que as levou.
             */
            byProvider?: {
                [key: string]: number;
            };
        };
        /** MetricsDay */
        MetricsDay: {
            /** Day */
            day: string;
            /** Replies */
            replies: number;
            /** Handoffs */
            handoffs: number;
            /** Avgresponsems */
            avgResponseMs: number | null;
        };
        /** OutboxItem */
        OutboxItem: {
            /** Providermessageid */
            providerMessageId: string;
            /** To */
            to: string;
            /** Type */
            type: string;
            /** Content */
            content: {
                [key: string]: unknown;
            };
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
        };
        /** Page[AgentOut] */
        Page_AgentOut_: {
            /** Items */
            items: components["schemas"]["AgentOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[ApiKeyOut] */
        Page_ApiKeyOut_: {
            /** Items */
            items: components["schemas"]["ApiKeyOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[AppointmentOut] */
        Page_AppointmentOut_: {
            /** Items */
            items: components["schemas"]["AppointmentOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[AuditLogOut] */
        Page_AuditLogOut_: {
            /** Items */
            items: components["schemas"]["AuditLogOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[BulkProgress] */
        Page_BulkProgress_: {
            /** Items */
            items: components["schemas"]["BulkProgress"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[ConversationOut] */
        Page_ConversationOut_: {
            /** Items */
            items: components["schemas"]["ConversationOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[KnowledgeDocumentOut] */
        Page_KnowledgeDocumentOut_: {
            /** Items */
            items: components["schemas"]["KnowledgeDocumentOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[PropertyOut] */
        Page_PropertyOut_: {
            /** Items */
            items: components["schemas"]["PropertyOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[SessionOut] */
        Page_SessionOut_: {
            /** Items */
            items: components["schemas"]["SessionOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[TenantOut] */
        Page_TenantOut_: {
            /** Items */
            items: components["schemas"]["TenantOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[UserOut] */
        Page_UserOut_: {
            /** Items */
            items: components["schemas"]["UserOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[WebhookDeliveryOut] */
        Page_WebhookDeliveryOut_: {
            /** Items */
            items: components["schemas"]["WebhookDeliveryOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** Page[WebhookEndpointOut] */
        Page_WebhookEndpointOut_: {
            /** Items */
            items: components["schemas"]["WebhookEndpointOut"][];
            /**
             * Total
             * @description Total de itens que atendem ao filtro.
             */
            total: number;
            /** Page */
            page: number;
            /** Pagesize */
            pageSize: number;
        };
        /** PasswordChange */
        PasswordChange: {
            /** Currentpassword */
            currentPassword: string;
            /**
             * Newpassword
             * @description Entre 8 e 128 caracteres.
             */
            newPassword: string;
        };
        /** PasswordReset */
        PasswordReset: {
            /**
             * Newpassword
             * @description Entre 8 e 128 caracteres.
             */
            newPassword: string;
        };
        /**
         * ProblemDetail
         * @description Erro no formato RFC 9457.
         */
        ProblemDetail: {
            /** Type */
            type: string;
            /** Title */
            title: string;
            /** Status */
            status: number;
            /** Detail */
            detail: string;
            /**
             * Code
             * @description Código estável do erro, para tratamento programático.
             */
            code: string;
            /** Instance */
            instance?: string | null;
            /** Requestid */
            requestId?: string | null;
            /** Errors */
            errors?: components["schemas"]["FieldError"][] | null;
        } & {
            [key: string]: unknown;
        };
        /** PropertyImportResult */
        PropertyImportResult: {
            /**
             * Format
             * @description Formato identificado no arquivo.
             * @enum {string}
             */
            format: "csv" | "json";
            /**
             * Created
             * @description Imóveis novos.
             */
            created: number;
            /**
             * Updated
             * @description Imóveis que já existiam (mesmo código) e foram atualizados.
             */
            updated: number;
            /**
             * Total
             * @description Imóveis no arquivo (created + updated).
             */
            total: number;
            /**
             * Ignoredcolumns
             * @description Colunas (ou chaves do JSON) não reconhecidas, que ficaram de fora.
             */
            ignoredColumns: string[];
        };
        /** PropertyOut */
        PropertyOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Code
             * @description Código do imóvel no sistema da imobiliária (ou `auto-...`, se veio sem código).
             */
            code: string;
            /**
             * Type
             * @description Tipo, em minúsculas e no singular.
             * @example apartamento
             */
            type: string;
            /**
             * Purpose
             * @description venda ou aluguel.
             * @example venda
             */
            purpose: string;
            /** Bedrooms */
            bedrooms: number | null;
            /** Neighbourhood */
            neighbourhood: string | null;
            /** City */
            city: string | null;
            /**
             * State
             * @description UF.
             * @example SP
             */
            state: string | null;
            /**
             * Price
             * @description Preço em reais (o aluguel é mensal).
             * @example 650000
             */
            price: number | null;
            /**
             * Area
             * @description Área em m².
             * @example 68
             */
            area: number | null;
            /** Description */
            description: string | null;
            /** Url */
            url: string | null;
            /** Isavailable */
            isAvailable: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** ProviderInfo */
        ProviderInfo: {
            /** Type */
            type: string;
            /** Name */
            name: string;
            /** Available */
            available: boolean;
            /**
             * Capabilities
             * @description O que o provedor envia: text, image, video, document, audio, voice_note, sticker, location, contacts, reply, reaction, mark_read, templates, interactive.
             */
            capabilities: string[];
        };
        /** ProviderSwitch */
        ProviderSwitch: {
            /**
             * Provider
             * @description Provedor que passa a ser o ativo (primeiro na preferência).
             * @enum {string}
             */
            provider: "baileys" | "meta_api" | "sandbox";
        };
        /**
         * ReactionMessage
         * @description Reação a uma mensagem da conversa com `to` (recebida dele ou enviada a ele).
         */
        ReactionMessage: {
            /**
             * Messageid
             * Format: uuid
             * @description A mensagem (o `messageId` dela neste serviço) que recebe a reação.
             */
            messageId: string;
            /**
             * Emoji
             * @description O emoji da reação; vazio ("") remove a reação feita antes.
             * @example 👍
             */
            emoji: string;
            /**
             * To
             * @description Destinatário (E.164; números brasileiros com ou sem o nono dígito).
             * @example 5511999999999
             */
            to: string;
            /**
             * Provider
             * @description auto segue a preferência do tenant.
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /**
             * Sessionid
             * @description Envia por esta sessão (número) específica.
             */
            sessionId?: string | null;
        };
        /** ReadOptions */
        ReadOptions: {
            /**
             * Typing
             * @description Mostrar também "digitando…" ao contato (Meta), como faz quem vai responder.
             * @default false
             */
            typing: boolean;
        };
        /** Readiness */
        Readiness: {
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "indisponivel";
            /**
             * Checks
             * @description Resultado de cada dependência: "ok" ou "falha: <motivo>" (database e, se configurados, redis e baileys).
             */
            checks: {
                [key: string]: string;
            };
        };
        /** RefreshRequest */
        RefreshRequest: {
            /** Refreshtoken */
            refreshToken: string;
        };
        /** ResponseSettings */
        ResponseSettings: {
            /**
             * Maxtokens
             * @description Máximo de tokens da resposta do modelo.
             * @default 500
             */
            maxTokens: number;
            /**
             * Temperature
             * @default 0.7
             */
            temperature: number;
            /**
             * Language
             * @description Idioma das respostas (só pt-BR por ora).
             * @default pt-BR
             * @constant
             */
            language: "pt-BR";
            /**
             * Maxreplychars
             * @description Respostas maiores que isto saem em várias mensagens (quebradas em parágrafos ou frases).
             * @default 1000
             */
            maxReplyChars: number;
        };
        /**
         * Retention
         * @description Quanto tempo o tenant guarda mensagens e mídia (LGPD: necessidade); vazio guarda para sempre. A limpeza roda
         *     no worker, em lotes, e apaga só o que já venceu.
         */
        Retention: {
            /**
             * Messagesdays
             * @description Mensagens mais antigas que isto (em dias) são apagadas; conversas que ficam sem mensagem nenhuma também saem (com o contexto de IA delas).
             */
            messagesDays?: number | null;
            /**
             * Mediadays
             * @description Arquivos de mídia mais antigos que isto (em dias) são apagados (linha e arquivo); a mensagem fica, com o aviso de que a mídia expirou.
             */
            mediaDays?: number | null;
        };
        /** ScopeOut */
        ScopeOut: {
            /** Scope */
            scope: string;
            /** Description */
            description: string;
        };
        /**
         * SendMessage
         * @description Envio genérico: `content` é o texto (type=text) ou o objeto do tipo.
         */
        SendMessage: {
            /**
             * To
             * @description Destinatário (E.164; números brasileiros com ou sem o nono dígito).
             * @example 5511999999999
             */
            to: string;
            /**
             * Provider
             * @description auto segue a preferência do tenant.
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /**
             * Sessionid
             * @description Envia por esta sessão (número) específica.
             */
            sessionId?: string | null;
            /**
             * Enableai
             * @description Deixa o agente de IA responder depois.
             * @default false
             */
            enableAI: boolean;
            /**
             * Agentid
             * @description Agente de IA que assume a conversa.
             */
            agentId?: string | null;
            /**
             * Replyto
             * @description Responde citando esta mensagem (o `messageId` dela neste serviço): recebida do mesmo contato ou enviada a ele, e já aceita pelo provedor. Sem `sessionId`, a resposta sai pelo número que tem a mensagem.
             */
            replyTo?: string | null;
            /**
             * Type
             * @default text
             * @enum {string}
             */
            type: "text" | "image" | "video" | "document" | "audio" | "sticker" | "location" | "contacts" | "interactive" | "template" | "reaction";
            /**
             * Content
             * @description Texto, ou o objeto do `type`: mídia (também `sticker`, WebP), localização, contatos (`{"contacts": [...]}`), botões/lista (`interactive`), template (`{"name", "language", "components"}`) ou reação (`{"messageId", "emoji"}`).
             */
            content: string | {
                [key: string]: unknown;
            };
        } & (unknown & unknown & unknown & unknown & unknown & unknown & unknown);
        /** SessionCount */
        SessionCount: {
            /** Provider */
            provider: string;
            /** Status */
            status: string;
            /** Count */
            count: number;
        };
        /** SessionInitialize */
        SessionInitialize: {
            /**
             * Phonenumber
             * @description Número do WhatsApp da empresa (E.164, ex.: 5511999999999).
             * @example 5511999999999
             */
            phoneNumber: string;
            /**
             * Provider
             * @description Provedor da sessão, entre os instalados (veja GET /api/v1/sessions/providers).
             * @enum {string}
             */
            provider: "baileys" | "meta_api" | "sandbox";
            /**
             * Name
             * @description Apelido da sessão (ex.: Vendas).
             */
            name?: string | null;
            /**
             * Config
             * @description Configuração própria do provedor.
             */
            config?: {
                [key: string]: unknown;
            };
        } & (unknown & unknown & unknown);
        /** SessionOut */
        SessionOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Phonenumber */
            phoneNumber: string;
            /** Provider */
            provider: string;
            /** Name */
            name: string | null;
            /**
             * Status
             * @description connecting, qr, connected, disconnected, logged_out ou failed.
             */
            status: string;
            /** Qrcode */
            qrCode: string | null;
            /**
             * Pairingcode
             * @description Código de pareamento, quando a conexão é por código (Baileys).
             */
            pairingCode: string | null;
            /**
             * Accountnumber
             * @description Número da conta conectada, como o provedor informa.
             */
            accountNumber: string | null;
            /**
             * Profilename
             * @description Nome do perfil (ou nome verificado) da conta conectada.
             */
            profileName: string | null;
            /**
             * Qualityrating
             * @description Qualidade do número segundo o provedor (Meta: GREEN, YELLOW, RED ou UNKNOWN); null quando o provedor não informa.
             */
            qualityRating: string | null;
            /**
             * Lasterror
             * @description Por que a sessão não está conectada (falha, encerrada no celular ou conexão caída sendo refeita).
             */
            lastError: string | null;
            /** Isactive */
            isActive: boolean;
            /** Connectedat */
            connectedAt: string | null;
            /** Statuschangedat */
            statusChangedAt: string | null;
            /**
             * Config
             * @description Configuração do provedor, com segredos mascarados.
             */
            config: {
                [key: string]: unknown;
            };
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** StateInjection */
        StateInjection: {
            /**
             * State
             * @enum {string}
             */
            state: "connecting" | "qr" | "connected" | "disconnected" | "logged_out" | "failed";
            /**
             * Qr
             * @description Conteúdo do QR (estado qr).
             */
            qr?: string | null;
            /**
             * Pairingcode
             * @description Código de pareamento.
             */
            pairingCode?: string | null;
            /**
             * Accountnumber
             * @description Número da conta conectada.
             */
            accountNumber?: string | null;
            /**
             * Profilename
             * @description Nome do perfil conectado.
             */
            profileName?: string | null;
            /**
             * Detail
             * @description Motivo (ex.: de uma falha).
             */
            detail?: string | null;
        };
        /** StatusInjection */
        StatusInjection: {
            /**
             * Messageid
             * Format: uuid
             * @description Id (deste serviço) da mensagem enviada.
             */
            messageId: string;
            /**
             * Status
             * @enum {string}
             */
            status: "sent" | "delivered" | "read" | "failed";
            /** Error */
            error?: string | null;
        };
        /** SupabaseWebhookAck */
        SupabaseWebhookAck: {
            /**
             * Result
             * @description enqueued: envio enfileirado; duplicate: já estava na fila; ignored: nada a fazer (outra tabela, DELETE, mensagem recebida ou que não está pending); failed: a mensagem é inválida e terminou failed com o motivo gravado na linha.
             * @enum {string}
             */
            result: "enqueued" | "duplicate" | "ignored" | "failed";
            /**
             * Reason
             * @description O porquê, em pt-BR.
             */
            reason: string;
            /**
             * Messageid
             * @description Id da mensagem (quando a entrega é de uma linha de `messages`).
             */
            messageId: string | null;
        };
        /** TemplateList */
        TemplateList: {
            /** Items */
            items: components["schemas"]["wacs__sessions__schemas__TemplateOut"][];
        };
        /** TenantAdminIn */
        TenantAdminIn: {
            /**
             * Email
             * Format: email
             * @example pessoa@empresa.com.br
             */
            email: string;
            /** Name */
            name: string;
            /** Password */
            password: string;
        };
        /** TenantCreate */
        TenantCreate: {
            /**
             * Clientid
             * @description Letras minúsculas, números, '-' e '_'.
             * @example loja-exemplo
             */
            clientId: string;
            /** Name */
            name: string;
            settings?: components["schemas"]["TenantSettings"] | null;
            /** @description Primeiro administrador do tenant (opcional). */
            admin?: components["schemas"]["TenantAdminIn"] | null;
        };
        /** TenantCreated */
        TenantCreated: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Clientid */
            clientId: string;
            /** Name */
            name: string;
            /** Isactive */
            isActive: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            /** Adminuserid */
            adminUserId?: string | null;
        };
        /** TenantDetail */
        TenantDetail: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Clientid */
            clientId: string;
            /** Name */
            name: string;
            /** Isactive */
            isActive: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            settings: components["schemas"]["TenantSettings"];
        };
        /** TenantOut */
        TenantOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Clientid */
            clientId: string;
            /** Name */
            name: string;
            /** Isactive */
            isActive: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /**
         * TenantSettings
         * @description Configurações do tenant; campos ausentes assumem o padrão.
         */
        TenantSettings: {
            /**
             * Providerpreference
             * @description Ordem de preferência dos provedores no modo auto.
             */
            providerPreference?: ("baileys" | "meta_api" | "sandbox")[];
            /**
             * Automaticfallback
             * @description Tentar o próximo provedor em falha transitória.
             * @default true
             */
            automaticFallback: boolean;
            /**
             * Requestsperminute
             * @description Limite de requisições por minuto deste tenant; vazio usa o padrão da plataforma (RATE_LIMIT_PER_MINUTE, 100).
             */
            requestsPerMinute?: number | null;
            businessHours?: components["schemas"]["BusinessHours"];
            /**
             * Defaultagentid
             * @description Agente de IA padrão do tenant.
             */
            defaultAgentId?: string | null;
            /** @description Retenção de mensagens e mídia (LGPD). */
            retention?: components["schemas"]["Retention"];
        };
        /** TenantSummary */
        TenantSummary: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Clientid */
            clientId: string;
            /** Name */
            name: string;
        };
        /** TenantUpdate */
        TenantUpdate: {
            /** Name */
            name?: string | null;
            /** Isactive */
            isActive?: boolean | null;
        };
        /** TestTurn */
        TestTurn: {
            /**
             * Role
             * @enum {string}
             */
            role: "user" | "assistant";
            /** Content */
            content: string;
        };
        /** TextMessage */
        TextMessage: {
            /**
             * To
             * @description Destinatário (E.164; números brasileiros com ou sem o nono dígito).
             * @example 5511999999999
             */
            to: string;
            /**
             * Provider
             * @description auto segue a preferência do tenant.
             * @default auto
             * @enum {string}
             */
            provider: "auto" | "baileys" | "meta_api" | "sandbox";
            /**
             * Sessionid
             * @description Envia por esta sessão (número) específica.
             */
            sessionId?: string | null;
            /**
             * Enableai
             * @description Deixa o agente de IA responder depois.
             * @default false
             */
            enableAI: boolean;
            /**
             * Agentid
             * @description Agente de IA que assume a conversa.
             */
            agentId?: string | null;
            /**
             * Replyto
             * @description Responde citando esta mensagem (o `messageId` dela neste serviço): recebida do mesmo contato ou enviada a ele, e já aceita pelo provedor. Sem `sessionId`, a resposta sai pelo número que tem a mensagem.
             */
            replyTo?: string | null;
            /**
             * Content
             * @example Olá! Como posso ajudar?
             */
            content: string;
            /**
             * Previewurl
             * @description Mostrar a prévia do primeiro link do texto (Meta).
             * @default false
             */
            previewUrl: boolean;
        };
        /** TokenPair */
        TokenPair: {
            /** Accesstoken */
            accessToken: string;
            /** Refreshtoken */
            refreshToken: string;
            /**
             * Tokentype
             * @default Bearer
             */
            tokenType: string;
            /**
             * Expiresin
             * @description Validade do token de acesso, em segundos.
             */
            expiresIn: number;
            /**
             * Refreshexpiresat
             * Format: date-time
             */
            refreshExpiresAt: string;
            user: components["schemas"]["UserOut"];
        };
        /** ToolCallOut */
        ToolCallOut: {
            /** Name */
            name: string;
            /** Arguments */
            arguments: {
                [key: string]: unknown;
            };
            /** Result */
            result: string;
        };
        /** Triggers */
        Triggers: {
            /**
             * Mode
             * @description Quando o agente padrão do tenant assume uma conversa nova: `all` (toda mensagem) ou `keywords`.
             * @default all
             * @enum {string}
             */
            mode: "all" | "keywords";
            /**
             * Keywords
             * @description Com `mode: keywords`.
             */
            keywords?: string[];
        };
        /** UserCreate */
        UserCreate: {
            /**
             * Email
             * Format: email
             * @example pessoa@empresa.com.br
             */
            email: string;
            /** Name */
            name: string;
            /**
             * Password
             * @description Entre 8 e 128 caracteres.
             */
            password: string;
            /**
             * Role
             * @default user
             * @enum {string}
             */
            role: "user" | "admin" | "superadmin";
        };
        /** UserOut */
        UserOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Email */
            email: string;
            /** Name */
            name: string;
            /** Role */
            role: string;
            /** Isactive */
            isActive: boolean;
            /** Lastloginat */
            lastLoginAt: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /**
         * UserUpdate
         * @description Senha não se altera aqui: a própria em PUT /api/v1/users/me/password (com a senha atual), a de outra pessoa
         *     em PUT /api/v1/users/{userId}/password (administrador).
         */
        UserUpdate: {
            /** Name */
            name?: string | null;
            /**
             * Role
             * @description Só por administradores (pessoas); encerra as sessões.
             */
            role?: ("user" | "admin" | "superadmin") | null;
            /** Isactive */
            isActive?: boolean | null;
        };
        /** WebhookDeliveryDetail */
        WebhookDeliveryDetail: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Endpointid
             * Format: uuid
             */
            endpointId: string;
            /**
             * Eventid
             * @description Id do evento (`evt_...`), igual em todas as tentativas e reenvios.
             */
            eventId: string;
            /** Eventtype */
            eventType: string;
            /**
             * Status
             * @description pending (em andamento ou aguardando nova tentativa), delivered (2xx recebido), failed (endpoint desativado) ou dead (tentativas esgotadas ou destino recusado).
             * @enum {string}
             */
            status: "pending" | "delivered" | "failed" | "dead";
            /**
             * Attempts
             * @description Tentativas feitas no ciclo atual (um reenvio começa um ciclo novo).
             */
            attempts: number;
            /**
             * Laststatuscode
             * @description Status HTTP da última resposta recebida.
             */
            lastStatusCode: number | null;
            /**
             * Lasterror
             * @description Motivo da última falha.
             */
            lastError: string | null;
            /**
             * Nextattemptat
             * @description Quando será a próxima tentativa (se houver).
             */
            nextAttemptAt: string | null;
            /** Deliveredat */
            deliveredAt: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            /**
             * Payload
             * @description O envelope do evento, exatamente o corpo enviado (JSON).
             */
            payload: {
                [key: string]: unknown;
            };
        };
        /** WebhookDeliveryOut */
        WebhookDeliveryOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Endpointid
             * Format: uuid
             */
            endpointId: string;
            /**
             * Eventid
             * @description Id do evento (`evt_...`), igual em todas as tentativas e reenvios.
             */
            eventId: string;
            /** Eventtype */
            eventType: string;
            /**
             * Status
             * @description pending (em andamento ou aguardando nova tentativa), delivered (2xx recebido), failed (endpoint desativado) ou dead (tentativas esgotadas ou destino recusado).
             * @enum {string}
             */
            status: "pending" | "delivered" | "failed" | "dead";
            /**
             * Attempts
             * @description Tentativas feitas no ciclo atual (um reenvio começa um ciclo novo).
             */
            attempts: number;
            /**
             * Laststatuscode
             * @description Status HTTP da última resposta recebida.
             */
            lastStatusCode: number | null;
            /**
             * Lasterror
             * @description Motivo da última falha.
             */
            lastError: string | null;
            /**
             * Nextattemptat
             * @description Quando será a próxima tentativa (se houver).
             */
            nextAttemptAt: string | null;
            /** Deliveredat */
            deliveredAt: string | null;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /** WebhookEndpointCreate */
        WebhookEndpointCreate: {
            /**
             * Url
             * @description URL http(s) que recebe os eventos (máx. 2000 caracteres, sem usuário/senha). Endereços internos são recusados, salvo com WEBHOOK_ALLOW_PRIVATE.
             * @example https://meusistema.com.br/webhooks/wacs
             */
            url: string;
            /**
             * Events
             * @description Tipos de evento enviados a este endpoint (veja /api/v1/webhooks/event-types) ou `["*"]` para todos.
             * @example [
             *       "message.created",
             *       "message.status"
             *     ]
             */
            events: ("message.created" | "message.status" | "message.updated" | "session.status" | "conversation.updated" | "bulk.progress" | "ai.replied" | "ai.handoff" | "ai.resumed" | "appointment.created" | "appointment.updated" | "*")[];
            /**
             * Description
             * @example ERP de produção
             */
            description?: string | null;
            /**
             * Isactive
             * @default true
             */
            isActive: boolean;
        };
        /** WebhookEndpointOut */
        WebhookEndpointOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Url */
            url: string;
            /** Events */
            events: string[];
            /** Description */
            description: string | null;
            /** Isactive */
            isActive: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
        };
        /**
         * WebhookEndpointUpdate
         * @description Só os campos enviados mudam; `description: null` (ou vazia) a remove.
         */
        WebhookEndpointUpdate: {
            /** Url */
            url?: string | null;
            /** Events */
            events?: ("message.created" | "message.status" | "message.updated" | "session.status" | "conversation.updated" | "bulk.progress" | "ai.replied" | "ai.handoff" | "ai.resumed" | "appointment.created" | "appointment.updated" | "*")[] | null;
            /**
             * Description
             * @example ERP de produção
             */
            description?: string | null;
            /** Isactive */
            isActive?: boolean | null;
        };
        /** WebhookEndpointWithSecret */
        WebhookEndpointWithSecret: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Url */
            url: string;
            /** Events */
            events: string[];
            /** Description */
            description: string | null;
            /** Isactive */
            isActive: boolean;
            /**
             * Createdat
             * Format: date-time
             */
            createdAt: string;
            /**
             * Updatedat
             * Format: date-time
             */
            updatedAt: string;
            /**
             * Secret
             * @description Segredo de assinatura (`whsec_...`). É mostrado só agora: guarde-o em local seguro.
             */
            secret: string;
        };
        /** TemplateOut */
        wacs__agents__schemas__TemplateOut: {
            /** Name */
            name: string;
            /** Title */
            title: string;
            /** Description */
            description: string;
            /** Systemprompt */
            systemPrompt: string;
            /** Capabilities */
            capabilities: string[];
            /** Handoffkeywords */
            handoffKeywords: string[];
        };
        /** TemplateOut */
        wacs__sessions__schemas__TemplateOut: {
            /**
             * Name
             * @description Nome do template (o `name` do envio com `type: template`).
             */
            name: string;
            /**
             * Language
             * @description Idioma (ex.: pt_BR), o `language` do envio.
             */
            language: string;
            /**
             * Status
             * @description Situação na Meta: APPROVED, PENDING, REJECTED, PAUSED, DISABLED…
             */
            status: string;
            /**
             * Category
             * @description MARKETING, UTILITY ou AUTHENTICATION.
             */
            category: string | null;
            /**
             * Components
             * @description Componentes como a Meta os descreve (HEADER, BODY, FOOTER, BUTTONS), com os marcadores {{1}}.
             */
            components: {
                [key: string]: unknown;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    callback_incoming_message_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackAck"];
                };
            };
            /** @description Assinatura ausente (`assinatura_ausente`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Assinatura inválida (`assinatura_invalida`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    callback_status_update_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackAck"];
                };
            };
            /** @description Assinatura ausente (`assinatura_ausente`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Assinatura inválida (`assinatura_invalida`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    callback_session_update_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackAck"];
                };
            };
            /** @description Assinatura ausente (`assinatura_ausente`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Assinatura inválida (`assinatura_invalida`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    callback_meta_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Assinatura ausente (`assinatura_ausente`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Assinatura inválida (`assinatura_invalida`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    callback_meta_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackAck"];
                };
            };
            /** @description Assinatura ausente (`assinatura_ausente`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Assinatura inválida (`assinatura_invalida`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_text: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TextMessage"];
            };
        };
        responses: {
            /** @description Aceita pelo provedor (ou falhou definitivamente). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Na fila; o envio continua em segundo plano. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`agente_nao_encontrado`) / Não encontrado (`midia_nao_encontrada`) / Não encontrado (`mensagem_citada_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Idempotency-Key reutilizada (`idempotency_key_reutilizada`) / Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Mensagem citada de outro contato (`mensagem_citada_de_outro_contato`) / Mensagem citada ainda não enviada (`mensagem_citada_nao_enviada`) / Mensagem citada em outro número (`mensagem_citada_de_outra_sessao`) / Mensagem citada inválida (`mensagem_citada_invalida`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_location: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LocationMessage"];
            };
        };
        responses: {
            /** @description Aceita pelo provedor (ou falhou definitivamente). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Na fila; o envio continua em segundo plano. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`agente_nao_encontrado`) / Não encontrado (`midia_nao_encontrada`) / Não encontrado (`mensagem_citada_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Idempotency-Key reutilizada (`idempotency_key_reutilizada`) / Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Mensagem citada de outro contato (`mensagem_citada_de_outro_contato`) / Mensagem citada ainda não enviada (`mensagem_citada_nao_enviada`) / Mensagem citada em outro número (`mensagem_citada_de_outra_sessao`) / Mensagem citada inválida (`mensagem_citada_invalida`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_any: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessage"];
            };
        };
        responses: {
            /** @description Aceita pelo provedor (ou falhou definitivamente). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Na fila; o envio continua em segundo plano. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`agente_nao_encontrado`) / Não encontrado (`midia_nao_encontrada`) / Não encontrado (`mensagem_citada_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Idempotency-Key reutilizada (`idempotency_key_reutilizada`) / Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Mensagem citada de outro contato (`mensagem_citada_de_outro_contato`) / Mensagem citada ainda não enviada (`mensagem_citada_nao_enviada`) / Mensagem citada em outro número (`mensagem_citada_de_outra_sessao`) / Mensagem citada inválida (`mensagem_citada_invalida`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_reaction: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReactionMessage"];
            };
        };
        responses: {
            /** @description Aceita pelo provedor (ou falhou definitivamente). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Na fila; o envio continua em segundo plano. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`agente_nao_encontrado`) / Não encontrado (`midia_nao_encontrada`) / Não encontrado (`mensagem_citada_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Idempotency-Key reutilizada (`idempotency_key_reutilizada`) / Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Mensagem citada de outro contato (`mensagem_citada_de_outro_contato`) / Mensagem citada ainda não enviada (`mensagem_citada_nao_enviada`) / Mensagem citada em outro número (`mensagem_citada_de_outra_sessao`) / Mensagem citada inválida (`mensagem_citada_invalida`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - um único emoji (também sequências como 👍🏽, 👨‍👩‍👧, bandeiras e 1️⃣), sem letras nem algarismos soltos; vazio remove a reação
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_media: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_send_media"];
            };
        };
        responses: {
            /** @description Aceita pelo provedor (ou falhou definitivamente). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Na fila; o envio continua em segundo plano. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`agente_nao_encontrado`) / Não encontrado (`midia_nao_encontrada`) / Não encontrado (`mensagem_citada_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Idempotency-Key reutilizada (`idempotency_key_reutilizada`) / Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Mensagem citada de outro contato (`mensagem_citada_de_outro_contato`) / Mensagem citada ainda não enviada (`mensagem_citada_nao_enviada`) / Mensagem citada em outro número (`mensagem_citada_de_outra_sessao`) / Mensagem citada inválida (`mensagem_citada_invalida`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_audio: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_send_audio"];
            };
        };
        responses: {
            /** @description Aceita pelo provedor (ou falhou definitivamente). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Na fila; o envio continua em segundo plano. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`agente_nao_encontrado`) / Não encontrado (`midia_nao_encontrada`) / Não encontrado (`mensagem_citada_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Idempotency-Key reutilizada (`idempotency_key_reutilizada`) / Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Mensagem citada de outro contato (`mensagem_citada_de_outro_contato`) / Mensagem citada ainda não enviada (`mensagem_citada_nao_enviada`) / Mensagem citada em outro número (`mensagem_citada_de_outra_sessao`) / Mensagem citada inválida (`mensagem_citada_invalida`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_bulk: {
        parameters: {
            query?: never;
            header?: {
                /** @description Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo. */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkSendRequest"];
            };
        };
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`midia_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Nenhuma sessão para enviar (`sem_sessao`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`) / Recurso não suportado pelo provedor (`recurso_nao_suportado`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - no máximo BULK_MAX_RECIPIENTS destinatários por envio (configuração do servidor; 10.000 por padrão)
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_bulk_sends: {
        parameters: {
            query?: {
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_BulkProgress_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    bulk_progress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bulk_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkProgress"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`envio_em_massa_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    message_status: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageStatusOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`mensagem_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_messages: {
        parameters: {
            query?: {
                status?: string | null;
                direction?: ("inbound" | "outbound") | null;
                sessionId?: string | null;
                conversationId?: string | null;
                to?: string | null;
                /** @description A partir de (ISO 8601). */
                since?: string | null;
                /** @description Antes de (ISO 8601). */
                until?: string | null;
                limit?: number;
                /** @description O `nextCursor` da página anterior; outro valor → 400. */
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            /** @description Requisição inválida (`requisicao_invalida`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não autenticado (`credenciais_invalidas`) / Tenant inválido (`tenant_invalido`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas tentativas de login (`login_bloqueado_temporariamente`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não autenticado (`refresh_token_invalido`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_users: {
        parameters: {
            query?: {
                /** @description Busca por nome ou e-mail. */
                search?: string | null;
                role?: string | null;
                isActive?: boolean | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_UserOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    create_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`usuario_existente`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - e-mail conferido pela biblioteca email-validator (sintaxe do endereço e do domínio; aceita domínios internos como .local e .test, sem consultar o DNS)
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    change_own_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não autenticado (`senha_incorreta`) / Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`tenant_divergente`) / Acesso negado (`acesso_negado`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`usuario_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    delete_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Operação não permitida (`auto_alteracao`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`usuario_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    update_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Operação não permitida (`auto_alteracao`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`so_pessoas`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`usuario_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    reset_password: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordReset"];
            };
        };
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Operação não permitida (`use_troca_da_propria_senha`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`usuario_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_scopes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScopeOut"][];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`tenant_divergente`) / Acesso negado (`acesso_negado`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_api_keys: {
        parameters: {
            query?: {
                includeRevoked?: boolean;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ApiKeyOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    create_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `expiresAt`: precisa estar no futuro
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    revoke_api_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`chave_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSettings"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    put_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantSettings"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSettings"];
                };
            };
            /** @description Agente inexistente (`agente_inexistente`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `timezone`: nome de fuso horário IANA conhecido pelo servidor (tzdata)
             *     - intervalo do horário comercial: `end` depois de `start`
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    provider_switch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProviderSwitch"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSettings"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_tenants: {
        parameters: {
            query?: {
                search?: string | null;
                isActive?: boolean | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TenantOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    create_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantCreate"];
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantCreated"];
                };
            };
            /** @description Agente inexistente (`agente_inexistente`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`tenant_existente`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `timezone`: nome de fuso horário IANA conhecido pelo servidor (tzdata)
             *     - intervalo do horário comercial: `end` depois de `start`
             *     - e-mail conferido pela biblioteca email-validator (sintaxe do endereço e do domínio; aceita domínios internos como .local e .test, sem consultar o DNS)
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantDetail"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`tenant_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    deactivate_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                client_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Operação não permitida (`proprio_tenant`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`tenant_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    update_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                client_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TenantUpdate"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantOut"];
                };
            };
            /** @description Operação não permitida (`proprio_tenant`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`tenant_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_audit_logs: {
        parameters: {
            query?: {
                /** @description Ex.: create_user, login. */
                action?: string | null;
                actorId?: string | null;
                resourceType?: string | null;
                resourceId?: string | null;
                /** @description A partir de (ISO 8601). */
                since?: string | null;
                /** @description Antes de (ISO 8601). */
                until?: string | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditLogOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    initialize_session: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionInitialize"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Provedor indisponível (`provedor_indisponivel`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    sessions_status: {
        parameters: {
            query?: {
                sessionId?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"][];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    disconnect_session: {
        parameters: {
            query: {
                sessionId: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Falha no provedor (`falha_provedor`) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    reconnect_session: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Provedor indisponível (`provedor_indisponivel`) / Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_providers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderInfo"][];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`tenant_divergente`) / Acesso negado (`acesso_negado`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_templates: {
        parameters: {
            query?: {
                /** @description approved (padrão): só os aprovados; all: todos. */
                status?: "approved" | "all";
            };
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Recurso não suportado pelo provedor (`recurso_nao_suportado`) / Provedor indisponível (`provedor_indisponivel`) / Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Falha no provedor (`falha_provedor`) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Provedor temporariamente indisponível (`provedor_indisponivel_temporariamente`) / Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_sessions: {
        parameters: {
            query?: {
                status?: string | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_SessionOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_conversations: {
        parameters: {
            query?: {
                search?: string | null;
                sessionId?: string | null;
                unreadFirst?: boolean;
                onlyUnread?: boolean;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ConversationOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    conversation_messages: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            /** @description Requisição inválida (`requisicao_invalida`) / Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    mark_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReadOptions"] | null;
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    sandbox_incoming: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IncomingMessage"];
            };
        };
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncomingAccepted"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) / Não encontrado (`midia_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço indisponível (`armazenamento_indisponivel`) / Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    sandbox_status: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StatusInjection"];
            };
        };
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    sandbox_state: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StateInjection"];
            };
        };
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    sandbox_failures: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FailurePlan"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    sandbox_outbox: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutboxItem"][];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`sessao_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_event_types: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventTypeOut"][];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_webhook_endpoints: {
        parameters: {
            query?: {
                /** @description Filtra por ativos/inativos. */
                isActive?: boolean | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_WebhookEndpointOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    create_webhook_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointCreate"];
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description URL não permitida (`url_nao_permitida`) / URL inválida (`url_nao_resolvida`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `url`: host válido (nome de domínio ou IP), porta entre 1 e 65535, sem usuário/senha, fragmento (#), espaços ou caracteres de controle; o host é resolvido no DNS no cadastro e endereços internos (loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados com `url_nao_permitida`, salvo com WEBHOOK_ALLOW_PRIVATE; host que não resolve → `url_nao_resolvida`
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_webhook_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`webhook_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    delete_webhook_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`webhook_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    update_webhook_endpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointUpdate"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`webhook_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description URL não permitida (`url_nao_permitida`) / URL inválida (`url_nao_resolvida`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `url`: host válido (nome de domínio ou IP), porta entre 1 e 65535, sem usuário/senha, fragmento (#), espaços ou caracteres de controle; o host é resolvido no DNS no cadastro e endereços internos (loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados com `url_nao_permitida`, salvo com WEBHOOK_ALLOW_PRIVATE; host que não resolve → `url_nao_resolvida`
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    rotate_webhook_secret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`webhook_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    send_webhook_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDetail"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`webhook_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Endpoint desativado (`webhook_inativo`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_webhook_deliveries: {
        parameters: {
            query?: {
                /** @description Filtra pelo status. */
                status?: ("pending" | "delivered" | "failed" | "dead") | null;
                /** @description Filtra pelo tipo de evento. */
                eventType?: string | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_WebhookDeliveryOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`webhook_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_webhook_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDetail"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`entrega_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    replay_webhook_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDetail"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`entrega_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Entrega em andamento (`entrega_em_andamento`) / Endpoint desativado (`webhook_inativo`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    supabase_database_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Type
                     * @description Operação que disparou o webhook.
                     * @enum {string}
                     */
                    type: "INSERT" | "UPDATE" | "DELETE";
                    /**
                     * Table
                     * @description Tabela da linha (só `messages` é processada).
                     */
                    table: string;
                    /**
                     * Schema
                     * @description Esquema da tabela (ex.: `public`).
                     */
                    schema: string;
                    /**
                     * Record
                     * @description A linha depois da operação (null em DELETE).
                     */
                    record: {
                        [key: string]: unknown;
                    } | null;
                    /**
                     * Old Record
                     * @description A linha antes da operação (UPDATE e DELETE; null em INSERT).
                     */
                    old_record?: {
                        [key: string]: unknown;
                    } | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupabaseWebhookAck"];
                };
            };
            /** @description Segredo ausente (`segredo_ausente`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Segredo inválido (`segredo_invalido`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Webhook do Supabase desativado (`webhook_supabase_desativado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    create_agent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentCreate"];
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `url`: host válido (nome de domínio ou IP), porta entre 1 e 65535, sem usuário/senha, fragmento (#), espaços ou caracteres de controle; o host é resolvido no DNS no cadastro e endereços internos (loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados com `url_nao_permitida`, salvo com WEBHOOK_ALLOW_PRIVATE; host que não resolve → `url_nao_resolvida`
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_agents: {
        parameters: {
            query?: {
                /** @description Filtra por ativos/inativos. */
                isActive?: boolean | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AgentOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_agent_templates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["wacs__agents__schemas__TemplateOut"][];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    agents_metrics: {
        parameters: {
            query?: {
                /** @description Início (ISO 8601). */
                from?: string | null;
                /** @description Fim (ISO 8601). */
                to?: string | null;
                agentId?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentMetricsOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Período inválido (`periodo_invalido`) / Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_agent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    delete_agent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    configure_agent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentConfigure"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - `url`: host válido (nome de domínio ou IP), porta entre 1 e 65535, sem usuário/senha, fragmento (#), espaços ou caracteres de controle; o host é resolvido no DNS no cadastro e endereços internos (loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados com `url_nao_permitida`, salvo com WEBHOOK_ALLOW_PRIVATE; host que não resolve → `url_nao_resolvida`
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    assign_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignConversation"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationAgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) / Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`agente_inativo`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    unassign_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationRef"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationAgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) / Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conversa_de_outro_agente`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    pause_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationRef"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationAgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) / Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conversa_de_outro_agente`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    resume_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationRef"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationAgentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) / Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conversa_de_outro_agente`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    test_agent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentTest"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTestOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_knowledge_documents: {
        parameters: {
            query?: {
                /** @description Só os documentos deste agente. */
                agentId?: string | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_KnowledgeDocumentOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    upload_knowledge_document: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description O arquivo: TXT, Markdown (.md), CSV e PDF. Texto em UTF-8 (com ou sem BOM) ou Windows-1252/Latin-1; CSV separado por `;` ou `,`, com cabeçalho.
                     */
                    file: string;
                    /**
                     * Format: uuid
                     * @description Agente dono do documento. Omitido: o documento vale para todos os agentes do tenant.
                     */
                    agentId?: string;
                    /** @description Título do documento. Omitido: o nome do arquivo, sem a extensão. */
                    title?: string;
                };
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeDocumentCreated"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Arquivo muito grande (`arquivo_muito_grande`) / Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tipo de conteúdo não suportado (`tipo_nao_suportado`) / Formato não suportado (`formato_nao_suportado`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Arquivo vazio (`arquivo_vazio`) / Arquivo inválido (`arquivo_invalido`) / PDF protegido por senha (`pdf_protegido`) / Documento sem texto (`documento_sem_texto`) / Texto muito longo (`texto_muito_longo`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - arquivo: o formato é identificado pelos bytes (%PDF é PDF; ZIP/DOCX/XLSX, imagens e executáveis são recusados com 415 `formato_nao_suportado`), depois pela extensão do nome e pelo Content-Type da parte; arquivo vazio → `arquivo_vazio`, PDF corrompido ou texto com bytes binários → `arquivo_invalido`, PDF com senha → `pdf_protegido`, sem texto extraível (PDF digitalizado, CSV só com cabeçalho) → `documento_sem_texto`, texto acima de 2000000 caracteres ou PDF acima de 2000 páginas → `texto_muito_longo`; `agentId` de um agente que não é do tenant → 404 `agente_nao_encontrado`
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_knowledge_document: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeDocumentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`documento_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    delete_knowledge_document: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`documento_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    search_knowledge: {
        parameters: {
            query: {
                /** @description A pergunta, em linguagem natural (ex.: qual o horário de funcionamento?). */
                q: string;
                /** @description Busca como este agente (os documentos dele também). */
                agentId?: string | null;
                /** @description Quantos trechos devolver. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeSearchOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agente_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    import_properties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description O arquivo CSV ou JSON (o formato é identificado pelo conteúdo). Até 10 MB e 10.000 imóveis.
                     */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PropertyImportResult"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Arquivo muito grande (`arquivo_muito_grande`) / Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tipo de conteúdo não suportado (`tipo_nao_suportado`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Arquivo de imóveis inválido (`importacao_invalida`) / Imóveis demais no arquivo (`imoveis_demais`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - arquivo de imóveis: CSV (separador ; ou , e codificação UTF-8 ou Latin-1) ou JSON (lista de objetos ou {"properties": [...]}), com a coluna do tipo; toda linha é validada antes de gravar e qualquer linha inválida recusa o arquivo inteiro (`importacao_invalida`, com linha/item e coluna de cada erro)
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_properties: {
        parameters: {
            query?: {
                /** @description Tipo: apartamento, casa, cobertura... */
                type?: string | null;
                /** @description venda ou aluguel. */
                purpose?: ("venda" | "aluguel") | null;
                /** @description Exatamente este número de quartos. */
                bedrooms?: number | null;
                /** @description Quartos, no mínimo. */
                minBedrooms?: number | null;
                /** @description Bairro (ou parte dele). */
                neighbourhood?: string | null;
                /** @description Cidade (ou parte dela). */
                city?: string | null;
                /** @description Preço mínimo, em reais. */
                minPrice?: number | string | null;
                /** @description Preço máximo, em reais. */
                maxPrice?: number | string | null;
                /** @description Palavras a procurar (todas precisam aparecer). */
                q?: string | null;
                /** @description true: só disponíveis; false: só indisponíveis; omitido: todos. */
                available?: boolean | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_PropertyOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                property_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PropertyOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`imovel_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    delete_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                property_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`imovel_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    list_appointments: {
        parameters: {
            query?: {
                /** @description Filtra pelo status. */
                status?: ("scheduled" | "cancelled" | "done") | null;
                /** @description Telefone do contato (qualquer formato aceito no cadastro). */
                contactNumber?: string | null;
                /** @description Visitas a partir de (ISO 8601). */
                from?: string | null;
                /** @description Visitas antes de (ISO 8601). */
                to?: string | null;
                /** @description Visitas a este imóvel. */
                propertyId?: string | null;
                /** @description Página, a partir de 1. */
                page?: number;
                /** @description Itens por página. */
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AppointmentOut_"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    create_appointment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppointmentCreate"];
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`imovel_nao_encontrado`) / Não encontrado (`conversa_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Imóvel indisponível (`imovel_indisponivel`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Horário no passado (`horario_no_passado`) / Horário distante demais (`horario_distante_demais`) / Imóvel divergente (`imovel_divergente`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com 9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_appointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appointment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agendamento_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    update_appointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                appointment_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppointmentUpdate"];
            };
        };
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`agendamento_nao_encontrado`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Agendamento encerrado (`agendamento_encerrado`) / Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Horário no passado (`horario_no_passado`) / Horário distante demais (`horario_distante_demais`) / Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    dashboard: {
        parameters: {
            query?: {
                /** @description Início (ISO 8601). */
                from?: string | null;
                /** @description Fim (ISO 8601). */
                to?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Período inválido (`periodo_invalido`) / Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    export_contact_data: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Telefone do contato, como em toda a API (ex.: 5511999999999, +55 11 99999-9999). Celulares brasileiros casam com e sem o nono dígito. */
                phone: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description O pacote zip. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    erase_contact_data: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Telefone do contato, como em toda a API (ex.: 5511999999999, +55 11 99999-9999). Celulares brasileiros casam com e sem o nono dígito. */
                phone: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureResult"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    upload_media: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description O arquivo. O Content-Type da parte é conferido com o conteúdo; se vier genérico (application/octet-stream), o tipo é identificado pelos bytes. Gravação de voz do navegador em WebM/Opus (audio/webm) é convertida para OGG/Opus (audio/ogg).
                     */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Sucesso */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Arquivo muito grande (`midia_muito_grande`) / Corpo da requisição muito grande (`corpo_muito_grande`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tipo de arquivo não suportado (`tipo_de_midia_nao_suportado`) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /**
             * @description Arquivo inválido (`midia_invalida`) / Dados inválidos (`validacao`)
             *
             *     Além do que o esquema descreve, o servidor recusa com 422:
             *     - arquivo: o tipo é conferido pelos bytes (assinatura do formato), não só pelo Content-Type da parte; tipo fora da lista aceita pelo WhatsApp → 415, bytes que não são do tipo informado ou arquivo vazio → 422. Gravação de voz WebM/Opus (audio/webm, a do MediaRecorder do navegador) é convertida para OGG/Opus e gravada como audio/ogg (nome com .ogg); WebM com vídeo, com outro codec ou com mais de uma faixa → 415, WebM truncado ou corrompido → 422
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço indisponível (`armazenamento_indisponivel`) / Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    get_media_metadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                media_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaOut"];
                };
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`midia_nao_encontrada`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    download_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                media_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description O arquivo, com o Content-Type da mídia (um dos tipos aceitos no envio). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                    "video/mp4": string;
                    "video/3gpp": string;
                    "audio/ogg": string;
                    "audio/mpeg": string;
                    "audio/mp4": string;
                    "audio/aac": string;
                    "audio/amr": string;
                    "application/pdf": string;
                    "application/msword": string;
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": string;
                    "application/vnd.ms-excel": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "application/vnd.ms-powerpoint": string;
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation": string;
                    "text/plain": string;
                };
            };
            /** @description O conteúdo não mudou desde o ETag informado. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Tenant não informado (`tenant_nao_informado`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Tenant inválido (`tenant_invalido`) / Não autenticado (`nao_autenticado`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`acesso_negado`) / Acesso negado (`tenant_divergente`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Não encontrado (`midia_nao_encontrada`) / Conteúdo indisponível (`conteudo_da_midia_indisponivel`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Conflito (`conflito_concorrente`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Muitas requisições (`limite_excedido`) */
            429: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Serviço indisponível (`armazenamento_indisponivel`) / Serviço sobrecarregado (`banco_ocupado`) / Serviço indisponível (`servico_indisponivel`) */
            503: {
                headers: {
                    /** @description Segundos até poder tentar de novo. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Liveness"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Alguma dependência falhou (`status: indisponivel`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: {
                authorization?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sucesso */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Não autenticado (`token_de_metricas_invalido`) */
            401: {
                headers: {
                    /** @description Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Acesso negado (`metricas_restritas`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
            /** @description Dados inválidos (`validacao`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetail"];
                };
            };
        };
    };
}
