"""Database Webhook do Supabase: mensagens de saída gravadas direto no banco (CRM, Edge Function) são enviadas."""
