"""Integração com o Supabase: repasse dos eventos ao Supabase Realtime (`realtime`)."""
