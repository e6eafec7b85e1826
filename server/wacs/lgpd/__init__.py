"""LGPD: exportação e eliminação dos dados de um contato e retenção de mensagens e mídia por tenant."""
